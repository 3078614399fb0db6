using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Bayu.Surveillance.Series;
using Sylvan.Data.Csv;

namespace Bayu.Surveillance.Tests.Golden;

/// <summary>One reference run of R <c>surveillance</c> 1.20.3 (a row of runs.csv).</summary>
public sealed record GoldenRun(string Dataset, string Algorithm, string Variant, string ParamsJson)
{
    public string Id => $"{Dataset}/{Algorithm}/{Variant}";
}

/// <summary>One golden output row; NaN / null stand for R's NA.</summary>
public sealed record GoldenRow(int T, double Observed, double UpperBound, bool? Alarm, double Expected);

internal static class GoldenData
{
    private static readonly string s_folder = Path.Combine(AppContext.BaseDirectory, "Golden");
    private static readonly Lazy<IReadOnlyList<GoldenRun>> s_runs = new(LoadRuns);
    private static readonly Dictionary<string, Dictionary<string, List<GoldenRow>>> s_outputs = [];
    private static readonly Lock s_lock = new();

    public static IReadOnlyList<GoldenRun> Runs => s_runs.Value;

    public static CountSeries Input(string dataset)
    {
        using var reader = File.OpenText(Path.Combine(s_folder, $"input_{dataset}.csv"));
        return SeriesCsv.Read(reader);
    }

    public static IReadOnlyList<GoldenRow> Output(GoldenRun run)
    {
        lock (s_lock)
        {
            if (!s_outputs.TryGetValue(run.Dataset, out var byRun))
            {
                byRun = LoadOutputs(run.Dataset);
                s_outputs[run.Dataset] = byRun;
            }

            return byRun[$"{run.Algorithm}/{run.Variant}"];
        }
    }

    public static JsonElement Params(GoldenRun run) => JsonDocument.Parse(run.ParamsJson).RootElement.Clone();

    private static List<GoldenRun> LoadRuns()
    {
        using var csv = CsvDataReader.Create(Path.Combine(s_folder, "runs.csv"));
        var runs = new List<GoldenRun>();
        while (csv.Read())
        {
            runs.Add(new GoldenRun(
                csv.GetString(csv.GetOrdinal("dataset")),
                csv.GetString(csv.GetOrdinal("algorithm")),
                csv.GetString(csv.GetOrdinal("variant")),
                csv.GetString(csv.GetOrdinal("params"))));
        }

        return runs;
    }

    private static Dictionary<string, List<GoldenRow>> LoadOutputs(string dataset)
    {
        using var file = File.OpenRead(Path.Combine(s_folder, $"golden_{dataset}.csv.gz"));
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        using var csv = CsvDataReader.Create(text);
        var result = new Dictionary<string, List<GoldenRow>>(StringComparer.Ordinal);
        while (csv.Read())
        {
            var key = $"{csv.GetString(csv.GetOrdinal("algorithm"))}/{csv.GetString(csv.GetOrdinal("variant"))}";
            if (!result.TryGetValue(key, out var rows))
            {
                rows = [];
                result[key] = rows;
            }

            var alarm = csv.GetString(csv.GetOrdinal("alarm"));
            rows.Add(new GoldenRow(
                int.Parse(csv.GetString(csv.GetOrdinal("t")), CultureInfo.InvariantCulture),
                Number(csv.GetString(csv.GetOrdinal("observed"))),
                Number(csv.GetString(csv.GetOrdinal("upperbound"))),
                alarm.Length == 0 ? null : alarm == "1",
                Number(csv.GetString(csv.GetOrdinal("expected")))));
        }

        return result;
    }

    private static double Number(string text) =>
        text.Length == 0 || text == "NA" ? double.NaN : double.Parse(text, CultureInfo.InvariantCulture);
}
