using System.Diagnostics;
using System.Globalization;
using Bayu.Bench.Surveillance;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Glr;
using Bayu.Surveillance.Region;
using Bayu.Surveillance.Series;

// Times every algorithm over the 2,000-series regional workload and sets the figures beside R
// surveillance 1.20.3. Usage:
//   dotnet run -c Release --project bench/Bayu.Bench.Surveillance [-- SERIES] [--series OUT/series.csv.gz]
//        [--r-timings OUT/timings_raw.csv] [--only LABEL-PART]
// --series reads the counts r-region-bench.R generated (the same workload R was timed on); without it
// the workload is re-drawn with .NET's generator. --r-timings takes R's seconds from that run
// (same machine, same session); without it the recorded r-region-bench-results.md figures are used.
// --r-outputs compares Bayu's alarms and bounds with R's out_*.csv.gz from that run (default: the
// folder of --r-timings); --agreement-only stops after that comparison (no timings).
var seriesCount = 2000;
string? seriesPath = null, rTimingsPath = null, rOutputs = null, only = null;
bool oneDayOnly = false, agreementOnly = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--series": seriesPath = args[++i]; break;
        case "--r-timings": rTimingsPath = args[++i]; break;
        case "--r-outputs": rOutputs = args[++i]; break;
        case "--only": only = args[++i]; break;
        case "--one-day-only": oneDayOnly = true; break;
        case "--agreement-only": agreementOnly = true; break;
        default: seriesCount = int.Parse(args[i], CultureInfo.InvariantCulture); break;
    }
}

var build = Stopwatch.StartNew();
var daily = seriesPath is null ? RegionWorkload.Daily(seriesCount, 42) : RSeriesCsv.ReadDaily(seriesPath, seriesCount);
var weekly = daily.Select(RegionWorkload.Weekly).ToArray();
Console.WriteLine($"workload: {daily.Length} daily series × {daily[0].Length} days from {seriesPath ?? "the .NET generator"}, loaded in {build.Elapsed.TotalSeconds:F1} s; {Environment.ProcessorCount} cores");
var rSeconds = rTimingsPath is null ? null : RTimings.Read(rTimingsPath);
Console.WriteLine($"R figures: {rTimingsPath ?? "recorded in r-region-bench-results.md"}");

rOutputs ??= rTimingsPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(rTimingsPath));
if (rOutputs is not null && !oneDayOnly)
{
    Console.WriteLine();
    Console.WriteLine($"Agreement with R's outputs in {rOutputs} (same series, same evaluated points):");
    foreach (var c in BenchConfig.All.Where(c => only is null || c.Label.Contains(only, StringComparison.Ordinal)))
    {
        if (ROutputCheck.Compare(c, rOutputs, daily, weekly) is { } agreement)
        {
            Console.WriteLine($"  {c.Label,-60} {agreement}");
        }
    }
}

if (agreementOnly)
{
    return;
}

var configs = BenchConfig.All.Where(c => only is null || c.Label.Contains(only, StringComparison.Ordinal)).ToArray();
var scale = 2000.0 / daily.Length;
var dailyDetectors = configs.Where(c => !c.Weekly).Select(c => c.CreateDetector()).ToArray();
if (!oneDayOnly)
{
    ThirtyDays();
}

// One new day for the whole region: every daily configuration, default parameters, last day only.
Console.WriteLine();
Console.WriteLine($"One new day, {dailyDetectors.Length} daily configurations × {daily.Length} series, per configuration, one thread:");
var oneDayTotal = 0.0;
foreach (var c in configs.Where(c => !c.Weekly))
{
    var to = daily[0].Length;
    var seconds = Timing.SingleThread(c.CreateDetector(), daily, to, to, out _);
    oneDayTotal += seconds;
    Console.WriteLine($"  {c.Label,-60} {seconds:F3} s");
}

// The whole-region figures are the median of three runs: one run is about a second, and the shared
// machine makes single runs jumpy.
var (oneWall, oneCpu) = Timing.RegionMedian(daily, dailyDetectors, 1, 1);
Console.WriteLine($"one new day, whole region, 1 thread (RegionRunner, median of 3): {oneWall:F3} s wall, {oneCpu:F3} s CPU (sum of the rows above: {oneDayTotal:F3} s CPU)");
(oneWall, oneCpu) = Timing.RegionMedian(daily, dailyDetectors, 1, -1);
Console.WriteLine($"one new day, whole region, all {Environment.ProcessorCount} cores (RegionRunner, median of 3): {oneWall:F3} s wall, {oneCpu:F3} s CPU");

void ThirtyDays()
{
    Console.WriteLine();
    Console.WriteLine("Last 30 days (4 weeks), per algorithm, one thread, scaled to 2,000 series:");
    Console.WriteLine("| algorithm | range | Bayu s (1 thread) | R s | R / Bayu | alarms |");
    Console.WriteLine("|---|---|---|---|---|---|");
    double bayuCheap = 0, rCheap = 0, bayuAll = 0, rAll = 0;
    foreach (var c in configs)
    {
        var set = c.Weekly ? weekly : daily;
        var to = set[0].Length;
        var from = to - (c.Weekly ? 4 : 30) + 1;
        var seconds = Timing.SingleThread(c.CreateDetector(), set, from, to, out var alarms) * scale;
        double? r = c.RKey is null ? null : rSeconds is null ? c.RecordedRSeconds : rSeconds.TryGetValue(c.RKey, out var measured) ? measured : null;
        Console.WriteLine($"| {c.Label} | t={from}..{to} | {seconds:F3} | {r?.ToString("F2", CultureInfo.InvariantCulture) ?? "–"} | {(r is { } x ? $"{x / seconds:F0}×" : "–")} | {alarms} |");
        if (r is { } rs)
        {
            bayuAll += seconds;
            rAll += rs;
            if (c.Cheap)
            {
                bayuCheap += seconds;
                rCheap += rs;
            }
        }
    }

    Console.WriteLine();
    Console.WriteLine($"7 cheap daily algorithms (earsC C1–C3, cusum, glrpois, bayes, rki): Bayu {bayuCheap:F3} s vs R {rCheap:F2} s → {rCheap / bayuCheap:F0}×");
    Console.WriteLine($"all rows with an R figure: Bayu {bayuAll:F3} s vs R {rAll:F2} s → {rAll / bayuAll:F0}×");

    var cheapDetectors = configs.Where(c => c.Cheap).Select(c => c.CreateDetector()).ToArray();
    if (cheapDetectors.Length > 0)
    {
        var (wall, cpu) = Timing.Region(daily, cheapDetectors, 30, -1);
        Console.WriteLine($"7 cheap daily algorithms, last 30 days, all cores (RegionRunner): {wall * scale:F3} s wall ({cpu * scale:F3} s CPU) → {rCheap / (wall * scale):F0}× R");
    }

    var (allWall, allCpu) = Timing.Region(daily, dailyDetectors, 30, -1);
    Console.WriteLine($"all {dailyDetectors.Length} daily configurations, last 30 days, all cores (RegionRunner): {allWall * scale:F3} s wall ({allCpu * scale:F3} s CPU)");
}

internal static class Timing
{
    // Process CPU time for single-thread runs: the machine is shared, so wall time would overstate cost.
    public static double SingleThread(IOutbreakDetector detector, CountSeries[] set, int from, int to, out int alarms)
    {
        // Warm-up past tiered compilation (tier 1 after 30 calls), so the timing is of optimised code.
        foreach (var s in set.Take(64))
        {
            detector.Detect(s, from, to);
        }

        SeasonalBaseline.ClearCache();
        alarms = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var s in set)
        {
            foreach (var row in detector.Detect(s, from, to))
            {
                alarms += row.Alarm == true ? 1 : 0;
            }
        }

        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
    }

    public static (double Wall, double Cpu) RegionMedian(CountSeries[] set, IOutbreakDetector[] detectors, int lastPeriods, int parallelism)
    {
        var runs = Enumerable.Range(0, 3).Select(_ => Region(set, detectors, lastPeriods, parallelism)).OrderBy(r => r.Wall).ToArray();
        return runs[1];
    }

    public static (double Wall, double Cpu) Region(CountSeries[] set, IOutbreakDetector[] detectors, int lastPeriods, int parallelism)
    {
        RegionRunner.Run(set[..Math.Min(64, set.Length)], detectors, lastPeriods, 1); // JIT warm-up
        SeasonalBaseline.ClearCache();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var cells = RegionRunner.Run(set, detectors, lastPeriods, parallelism);
        var elapsed = wall.Elapsed.TotalSeconds;
        if (cells.FirstOrDefault(c => c.Error is not null) is { } failed)
        {
            throw new InvalidOperationException($"series {failed.Series}, detector {failed.Detector}: {failed.Error}");
        }

        return (elapsed, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }
}
