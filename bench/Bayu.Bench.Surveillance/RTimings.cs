using System.Globalization;
using Sylvan.Data.Csv;

namespace Bayu.Bench.Surveillance;

/// <summary>
/// R's timings_raw.csv from r-region-bench.R (algorithm, granularity, rep, n_timed, elapsed_s, ok):
/// the mean elapsed seconds per configuration, scaled to 2,000 series as the results page does.
/// </summary>
internal static class RTimings
{
    public static Dictionary<string, double> Read(string path)
    {
        var sums = new Dictionary<string, (double Seconds, int Reps)>(StringComparer.Ordinal);
        using var csv = CsvDataReader.Create(path);
        while (csv.Read())
        {
            if (!string.Equals(csv.GetString(csv.GetOrdinal("ok")), "TRUE", StringComparison.Ordinal))
            {
                continue;
            }

            var key = $"{csv.GetString(csv.GetOrdinal("algorithm"))}_{csv.GetString(csv.GetOrdinal("granularity"))}";
            var timed = double.Parse(csv.GetString(csv.GetOrdinal("n_timed")), CultureInfo.InvariantCulture);
            var seconds = double.Parse(csv.GetString(csv.GetOrdinal("elapsed_s")), CultureInfo.InvariantCulture) * 2000 / timed;
            var (sum, reps) = sums.GetValueOrDefault(key);
            sums[key] = (sum + seconds, reps + 1);
        }

        return sums.ToDictionary(p => p.Key, p => p.Value.Seconds / p.Value.Reps, StringComparer.Ordinal);
    }
}
