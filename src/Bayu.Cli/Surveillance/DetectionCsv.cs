using System.Globalization;
using Bayu.Surveillance.Detection;

namespace Bayu.Cli.Surveillance;

/// <summary>Writes detection rows as CSV; NA is an empty field, as in the golden files.</summary>
internal static class DetectionCsv
{
    public const string Header = "t,date,observed,upperbound,alarm,expected,dispersion,trend,pvalue,trend_pvalue,n_ref,statistic,sd";

    public static void Write(TextWriter writer, IEnumerable<DetectionRow> rows)
    {
        writer.WriteLine(Header);
        foreach (var r in rows)
        {
            writer.WriteLine(string.Join(',',
                r.T.ToString(CultureInfo.InvariantCulture),
                r.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
                Number(r.Observed),
                Number(r.UpperBound),
                Flag(r.Alarm),
                Number(r.Expected),
                Number(r.Dispersion),
                Flag(r.TrendKept),
                Number(r.PValue),
                Number(r.TrendPValue),
                r.ReferenceCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
                Number(r.Statistic),
                Number(r.StandardDeviation)));
        }
    }

    private static string Number(double value) =>
        double.IsNaN(value) ? string.Empty : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Flag(bool? value) => value switch
    {
        null => string.Empty,
        true => "1",
        false => "0",
    };
}
