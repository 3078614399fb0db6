using System.Globalization;
using System.IO.Compression;
using Bayu.Surveillance.Series;
using Sylvan.Data.Csv;

namespace Bayu.Bench.Surveillance;

/// <summary>
/// Reads series.csv.gz written by r-region-bench.R (<c>series_id,t,date,count</c>, one series after
/// another), so Bayu runs on exactly the counts R was timed on rather than on a re-drawn workload.
/// </summary>
internal static class RSeriesCsv
{
    public static CountSeries[] ReadDaily(string path, int maxSeries)
    {
        using var file = File.OpenRead(path);
        using Stream data = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var text = new StreamReader(data);
        using var csv = CsvDataReader.Create(text);
        int idColumn = csv.GetOrdinal("series_id"), tColumn = csv.GetOrdinal("t"), dateColumn = csv.GetOrdinal("date"), countColumn = csv.GetOrdinal("count");
        var series = new List<CountSeries>();
        var counts = new List<double>();
        var dates = new List<DateOnly>();
        var current = -1;
        while (csv.Read())
        {
            var id = csv.GetInt32(idColumn);
            if (id != current)
            {
                Flush();
                if (series.Count == maxSeries)
                {
                    break;
                }

                current = id;
            }

            if (csv.GetInt32(tColumn) != counts.Count + 1)
            {
                throw new FormatException($"series {id}: t is not contiguous at {csv.GetInt32(tColumn)}.");
            }

            counts.Add(csv.GetInt32(countColumn));
            dates.Add(DateOnly.ParseExact(csv.GetString(dateColumn), "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        Flush();
        return [.. series];

        void Flush()
        {
            if (counts.Count > 0 && series.Count < maxSeries)
            {
                series.Add(new CountSeries(counts, TimeUnit.Day, 365, 1, dates));
            }

            counts.Clear();
            dates.Clear();
        }
    }
}
