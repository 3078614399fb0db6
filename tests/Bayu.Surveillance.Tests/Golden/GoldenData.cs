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

/// <summary>
/// A folder of reference runs: runs.csv, input_&lt;dataset&gt;.csv and golden_&lt;dataset&gt;.csv.gz. The
/// shipped set is a copy of ../shared/surveillance; the date-epoch set is written by
/// DateEpochs/make_date_epoch_goldens.R.
/// </summary>
internal sealed class GoldenSet
{
    private readonly string _folder;
    private readonly Lazy<IReadOnlyList<GoldenRun>> _runs;
    private readonly Dictionary<string, Dictionary<string, List<GoldenRow>>> _outputs = [];
    private readonly Lock _lock = new();

    private GoldenSet(string folder)
    {
        _folder = Path.Combine(AppContext.BaseDirectory, folder);
        _runs = new(LoadRuns);
    }

    public static GoldenSet Shipped { get; } = new("Golden");

    public static GoldenSet DateEpochs { get; } = new("DateEpochs");

    public IReadOnlyList<GoldenRun> Runs => _runs.Value;

    public CountSeries Input(string dataset)
    {
        using var reader = File.OpenText(Path.Combine(_folder, $"input_{dataset}.csv"));
        return SeriesCsv.Read(reader);
    }

    public IReadOnlyList<GoldenRow> Output(GoldenRun run)
    {
        lock (_lock)
        {
            if (!_outputs.TryGetValue(run.Dataset, out var byRun))
            {
                byRun = LoadOutputs(run.Dataset);
                _outputs[run.Dataset] = byRun;
            }

            return byRun[$"{run.Algorithm}/{run.Variant}"];
        }
    }

    public static JsonElement Params(GoldenRun run) => JsonDocument.Parse(run.ParamsJson).RootElement.Clone();

    private List<GoldenRun> LoadRuns()
    {
        using var csv = CsvDataReader.Create(Path.Combine(_folder, "runs.csv"));
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

    private Dictionary<string, List<GoldenRow>> LoadOutputs(string dataset)
    {
        using var file = File.OpenRead(Path.Combine(_folder, $"golden_{dataset}.csv.gz"));
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
