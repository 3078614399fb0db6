using System.Globalization;
using System.IO.Compression;
using Bayu.Surveillance.Series;
using Sylvan.Data.Csv;

namespace Bayu.Bench.Surveillance;

/// <summary>
/// Compares Bayu's output with R's <c>out_&lt;algo&gt;_&lt;granularity&gt;.csv.gz</c> from the same
/// r-region-bench.R run (series_id, t, observed, upperbound, alarm): the timed workload is then also
/// an exactness check on tens of thousands of points beyond the golden files.
/// </summary>
internal static class ROutputCheck
{
    private const double Tolerance = 1e-6;

    public static string? Compare(BenchConfig config, string directory, CountSeries[] daily, CountSeries[] weekly)
    {
        var path = Path.Combine(directory, $"out_{config.RKey}.csv.gz");
        if (config.RKey is null || !File.Exists(path))
        {
            return null;
        }

        var expected = Read(path);
        var detector = config.CreateDetector();
        var set = config.Weekly ? weekly : daily;
        int points = 0, alarmsAgree = 0, boundsAgree = 0, skipped = 0;
        foreach (var group in expected.GroupBy(r => r.Series))
        {
            if (group.Key > set.Length)
            {
                skipped += group.Count();
                continue;
            }

            var rows = group.OrderBy(r => r.T).ToArray();
            var actual = detector.Detect(set[group.Key - 1], rows[0].T, rows[^1].T);
            for (var i = 0; i < rows.Length; i++)
            {
                points++;
                alarmsAgree += rows[i].Alarm == (actual[i].Alarm == true) ? 1 : 0;
                boundsAgree += Close(actual[i].UpperBound, rows[i].UpperBound) ? 1 : 0;
            }
        }

        return $"{alarmsAgree}/{points} alarms, {boundsAgree}/{points} bounds within {Tolerance:0e0}" + (skipped > 0 ? $" ({skipped} R points on series not loaded)" : "");
    }

    private static bool Close(double actual, double expected) =>
        double.IsNaN(expected) ? double.IsNaN(actual)
        : double.IsInfinity(expected) ? actual == expected
        : Math.Abs(actual - expected) <= Tolerance * Math.Max(1, Math.Abs(expected));

    private static List<(int Series, int T, double UpperBound, bool Alarm)> Read(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        using var csv = CsvDataReader.Create(text);
        var rows = new List<(int, int, double, bool)>();
        while (csv.Read())
        {
            var bound = csv.GetString(csv.GetOrdinal("upperbound"));
            rows.Add((
                csv.GetInt32(csv.GetOrdinal("series_id")),
                csv.GetInt32(csv.GetOrdinal("t")),
                bound is "NA" or "" ? double.NaN : double.Parse(bound, CultureInfo.InvariantCulture),
                csv.GetString(csv.GetOrdinal("alarm")) == "1"));
        }

        return rows;
    }
}
