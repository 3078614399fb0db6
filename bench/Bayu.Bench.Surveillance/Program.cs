using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bayu.Bench.Surveillance;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

// Times every algorithm over the 2,000-series regional workload on one thread and sets the figures
// beside R surveillance 1.20.3 on the same kind of workload (r-region-bench-results.md, measured on
// this machine type). Usage: dotnet run -c Release --project bench/Bayu.Bench.Surveillance [-- SERIES]
var seriesCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var build = Stopwatch.StartNew();
var daily = RegionWorkload.Daily(seriesCount, 42);
var weekly = daily.Select(RegionWorkload.Weekly).ToArray();
Console.WriteLine($"workload: {seriesCount} daily series × {RegionWorkload.Days} days, generated in {build.Elapsed.TotalSeconds:F1} s");

// (name, algorithm, params, weekly?, R seconds for 2,000 series or null)
(string Label, string Algorithm, string Params, bool Weekly, double? RSeconds)[] configs =
[
    ("earsC C1", "earsC", "{\"method\":\"C1\"}", false, 13.75),
    ("earsC C2", "earsC", "{\"method\":\"C2\"}", false, 13.12),
    ("earsC C3", "earsC", "{\"method\":\"C3\"}", false, 16.48),
    ("cusum", "cusum", "{}", false, 9.58),
    ("glrpois (theta=log 1.2, cases)", "glrpois", "{\"theta\":0.1823215567939546,\"ret\":\"cases\"}", false, 31.28),
    ("glrpois (GLR, value)", "glrpois", "{}", false, null),
    ("bayes (b=0,w=6)", "bayes", "{\"b\":0,\"w\":6,\"actY\":true}", false, 13.13),
    ("rki (b=2,w=4)", "rki", "{}", false, 14.53),
    ("farringtonFlexible daily (b=3,w=7,noPeriods=10,nbPlugin)", "farringtonFlexible", "{\"b\":3,\"w\":7,\"noPeriods\":10,\"pastWeeksNotIncluded\":7,\"thresholdMethod\":\"nbPlugin\"}", false, 1799.7),
    ("cidars MPM (7 d, P50)", "cidars", "{}", false, null),
    ("fixed threshold", "fixed", "{}", false, null),
    ("farringtonFlexible weekly (b=3,w=3,noPeriods=10,nbPlugin)", "farringtonFlexible", "{\"b\":3,\"w\":3,\"noPeriods\":10,\"pastWeeksNotIncluded\":3,\"thresholdMethod\":\"nbPlugin\"}", true, 123.3),
    ("farrington weekly (b=3,w=3)", "farrington", "{\"b\":3,\"w\":3}", true, 55.49),
];

var scale = 2000.0 / seriesCount;
Console.WriteLine();
Console.WriteLine("| algorithm | range | Bayu CPU s (2,000 series) | R s (2,000 series) | R / Bayu | alarms |");
Console.WriteLine("|---|---|---|---|---|---|");
double bayuFast = 0, rFast = 0, bayuAll = 0, rAll = 0;
string[] fastSet = ["earsC C1", "earsC C2", "earsC C3", "cusum", "glrpois (theta=log 1.2, cases)", "bayes (b=0,w=6)", "rki (b=2,w=4)"];
foreach (var c in configs)
{
    var set = c.Weekly ? weekly : daily;
    var to = set[0].Length;
    var from = to - (c.Weekly ? 4 : 30) + 1;
    var seconds = Time(c.Algorithm, c.Params, set, from, to, out var alarms) * scale;
    var ratio = c.RSeconds is { } r ? $"{r / seconds:F0}×" : "–";
    Console.WriteLine($"| {c.Label} | t={from}..{to} | {seconds:F3} | {c.RSeconds?.ToString("F1", CultureInfo.InvariantCulture) ?? "–"} | {ratio} | {alarms} |");
    if (fastSet.Contains(c.Label))
    {
        bayuFast += seconds;
        rFast += c.RSeconds!.Value;
    }

    if (c.RSeconds is { } rs)
    {
        bayuAll += seconds;
        rAll += rs;
    }
}

Console.WriteLine();
Console.WriteLine($"7 cheap daily algorithms: Bayu {bayuFast:F3} s vs R {rFast:F1} s → {rFast / bayuFast:F0}×");
Console.WriteLine($"all rows with an R figure: Bayu {bayuAll:F3} s vs R {rAll:F1} s → {rAll / bayuAll:F0}×");

// One new day for the whole region: every daily algorithm, default parameters, last day only.
var oneDay = Stopwatch.StartNew();
var oneDayCpu = Process.GetCurrentProcess().TotalProcessorTime;
var points = 0;
foreach (var c in configs.Where(c => !c.Weekly))
{
    foreach (var s in daily)
    {
        var setup = DetectorCatalog.Create(c.Algorithm, JsonDocument.Parse(c.Params).RootElement);
        points += setup.Detector.Detect(s, s.Length, s.Length).Count;
    }
}

Console.WriteLine($"one new day, all {configs.Count(c => !c.Weekly)} daily configurations × {seriesCount} series ({points} evaluations): {oneDay.Elapsed.TotalSeconds:F3} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - oneDayCpu).TotalSeconds:F3} s CPU");

static double Time(string algorithm, string json, CountSeries[] set, int from, int to, out int alarms)
{
    var setup = DetectorCatalog.Create(algorithm, JsonDocument.Parse(json).RootElement);
    setup.Detector.Detect(set[0], from, to); // JIT warm-up
    alarms = 0;
    // CPU time of this (single-threaded) process: the machine is shared, so wall time overstates cost.
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    foreach (var s in set)
    {
        foreach (var row in setup.Detector.Detect(s, from, to))
        {
            alarms += row.Alarm == true ? 1 : 0;
        }
    }

    return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
}
