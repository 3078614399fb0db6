using System.Globalization;

namespace Bayu.Cli.Import;

/// <summary>Writes the end-of-import summary: throughput, counts per type, failures with reasons.</summary>
internal static class ImportSummary
{
    private const int MaxFailuresShown = 50;

    public static void Write(TextWriter output, ImportReport report, int fileCount, string target)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 0.001);
        var rate = report.Imported / seconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Imported {report.Imported:N0} resources from {fileCount:N0} file(s) into {target} in {seconds:N1} s ({rate:N0} resources/s)."));
        var byType = report.ImportedByType();
        var width = byType.Count == 0 ? 0 : byType.Keys.Max(k => k.Length);
        foreach (var (type, count) in byType)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {type.PadRight(width)}  {count,10:N0}"));
        }

        var failures = report.Failures();
        if (failures.Count == 0)
        {
            output.WriteLine("No failures.");
            return;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{failures.Count:N0} failure(s):"));
        foreach (var failure in failures.Take(MaxFailuresShown))
        {
            var where = failure.Entry is null ? failure.Source : $"{failure.Source} {failure.Entry}";
            var status = failure.Status is null ? "" : $"[{failure.Status}] ";
            output.WriteLine($"  {where}: {status}{failure.Reason}");
        }
        if (failures.Count > MaxFailuresShown)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  … and {failures.Count - MaxFailuresShown:N0} more"));
        }
    }
}
