using System.Globalization;

namespace Bayu.Bench.Server;

/// <summary>
/// Two builds (A, e.g. the commit before a change, and B, the change) in the same run, on each
/// provider: read by id, token search and create against each build's server, and import of the
/// Synthea bundles through each build's <c>bayu import</c>. Runs alternate, A, B, then B, A, and so
/// on (which build goes first swaps each round, so drift on a shared machine and the position in
/// the sequence fall on both builds alike); each run starts from a fresh store. The spread between
/// the runs of the same build is the noise a difference between the medians of A and B is judged against.
/// </summary>
internal static class AbBench
{
    private sealed record Build(string Name, string Server, string Cli);

    /// <summary>One figure of the summary; <paramref name="HigherIsBetter"/> is false for costs.</summary>
    private sealed record Figure(string Provider, string Name, string Unit, bool HigherIsBetter);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.AServer is null || options.ACli is null || options.Rounds < 2)
        {
            Console.Error.WriteLine("ab needs --a-server BAYU.SERVER.DLL and --a-cli BAYU.DLL (B defaults to this repository's Release builds) and --rounds of at least 2");
            return BenchOptions.Usage();
        }
        var builds = new[]
        {
            new Build("A", Path.GetFullPath(options.AServer), Path.GetFullPath(options.ACli)),
            new Build("B", Path.GetFullPath(options.BServer ?? BenchOptions.DefaultServerDll), Path.GetFullPath(options.BCli ?? BenchOptions.DefaultCliDll)),
        };
        var http = options.Scenarios.Contains("http");
        var import = options.Scenarios.Contains("import");
        foreach (var build in builds)
        {
            foreach (var dll in new[] { http ? build.Server : null, import ? build.Cli : null }.OfType<string>().Where(d => !File.Exists(d)))
            {
                Console.Error.WriteLine($"{build.Name}: {dll} missing (dotnet publish -c Release src/Bayu.Server or src/Bayu.Cli)");
                return 2;
            }
            Console.WriteLine($"{build.Name}: server {build.Server}, CLI {build.Cli}");
        }

        using var dotnetLoad = new LoadGenerator(options.Clients, TimeSpan.FromSeconds(options.Seconds));
        var load = HttpBench.Load(options, dotnetLoad);
        DirectoryInfo? synthea = null;
        var resources = 0;
        if (import)
        {
            var named = SyntheaBundles.LoadNamed(options.SyntheaFolder, options.Bundles);
            resources = SyntheaBundles.CountEntries(named.Select(b => b.Bytes));
            synthea = SyntheaBundles.WriteFolder(named);
            Console.WriteLine($"Import: {named.Count} Synthea bundles, {resources:N0} resources, as plain JSON through each build's bayu import (--parallel {options.Parallel?.ToString(CultureInfo.InvariantCulture) ?? "default"})");
        }
        if (http)
        {
            Console.WriteLine($"HTTP: {load.Name}, {options.Clients} keep-alive clients, {options.Seconds} s per scenario after a 2 s warm-up, a fresh server seeded with the demo region per run");
        }
        Console.WriteLine($"{options.Rounds} rounds, order {string.Join(" | ", Enumerable.Range(1, options.Rounds).Select(r => string.Join(", ", Order(r).Select(b => builds[b].Name))))} per provider");

        var results = new Dictionary<Figure, Dictionary<string, List<double>>>();
        void Record(Figure figure, Build build, double value)
        {
            if (!results.TryGetValue(figure, out var byBuild))
            {
                results[figure] = byBuild = builds.ToDictionary(b => b.Name, _ => new List<double>());
            }
            byBuild[build.Name].Add(value);
        }

        try
        {
            var providers = new List<(string Name, string Provider, string? Cluster)>();
            if (options.Runs("sqlite"))
            {
                providers.Add(("SQLite", "Sqlite", null));
            }
            if (options.Runs("postgres"))
            {
                if (options.Postgres is { } cluster)
                {
                    providers.Add(("PostgreSQL", "Postgres", cluster));
                }
                else
                {
                    Console.WriteLine("PostgreSQL: skipped (pass --postgres or set BAYU_TEST_POSTGRES)");
                }
            }
            foreach (var (name, provider, cluster) in providers)
            {
                for (var round = 1; round <= options.Rounds; round++)
                {
                    foreach (var build in Order(round).Select(b => builds[b]))
                    {
                        var line = $"{name} round {round} {build.Name}:";
                        if (http)
                        {
                            var figures = await WithDatabaseAsync(cluster, async database =>
                            {
                                await using var server = await BenchServers.StartAsync(HttpBench.SeedSettings(), provider, database, build.Server);
                                return await HttpBench.MeasureAsync(server, load, TimeSpan.FromSeconds(options.Seconds));
                            });
                            foreach (var (scenario, figure) in new[] { ("read by id", figures.Read), ("token search", figures.Search), ("create", figures.Create) })
                            {
                                Record(new Figure(name, scenario, "req/s", true), build, figure.RequestsPerSecond);
                                Record(new Figure(name, scenario + " CPU", "µs/request", false), build, figure.CpuMicrosecondsPerRequest);
                                line += $" {scenario} {figure.RequestsPerSecond:N0} req/s, {figure.CpuMicrosecondsPerRequest:N0} µs CPU{Failed(figure.Failures)};";
                            }
                        }
                        if (import)
                        {
                            var run = await WithDatabaseAsync(cluster, database => CliImport.RunAsync(build.Cli, synthea!.FullName, database, options.Parallel));
                            if (run.Imported + run.Failed != resources)
                            {
                                Console.WriteLine($"  warning: {build.Name} imported {run.Imported:N0} and failed {run.Failed:N0} of {resources:N0} resources");
                            }
                            Record(new Figure(name, "import", "resources/s", true), build, run.ResourcesPerSecond);
                            line += $" import {run.ResourcesPerSecond:N0} resources/s{Failed(run.Failed)}";
                            if (run.Cpu > TimeSpan.Zero)
                            {
                                Record(new Figure(name, "import CPU", "µs/resource", false), build, run.Cpu.TotalMicroseconds / resources);
                                line += $", {run.Cpu.TotalMicroseconds / resources:N0} µs CPU";
                            }
                        }
                        Console.WriteLine(line.TrimEnd(';') + LoadAverage());
                    }
                }
            }
        }
        finally
        {
            synthea?.Delete(recursive: true);
        }

        Summarise(results);
        return 0;
    }

    /// <summary>Round 1: A then B; round 2: B then A; and so on.</summary>
    private static int[] Order(int round) => round % 2 == 1 ? [0, 1] : [1, 0];

    /// <summary>The 1-minute load average after a run, to tell a run other work on the machine disturbed.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? $" [load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}]" : "";

    private static string Failed(long failures) => failures == 0 ? "" : $" ({failures:N0} failed)";

    /// <summary>Runs <paramref name="measure"/> on a new PostgreSQL database (dropped afterwards), or with null for SQLite.</summary>
    private static async Task<T> WithDatabaseAsync<T>(string? cluster, Func<string?, Task<T>> measure)
    {
        if (cluster is null)
        {
            return await measure(null);
        }
        var (connectionString, database) = await BenchServers.CreateDatabaseAsync(cluster);
        try
        {
            return await measure(connectionString);
        }
        finally
        {
            await BenchServers.DropDatabaseAsync(cluster, database);
        }
    }

    /// <summary>
    /// Per figure: each build's median, B against A, and each build's spread ((max - min) / median
    /// over its runs). A difference within the larger spread is reported as noise.
    /// </summary>
    private static void Summarise(Dictionary<Figure, Dictionary<string, List<double>>> results)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-10} {"figure",-17} {"unit",-12} {"A median",10} {"B median",10} {"B vs A",8} {"A-vs-A",8} {"B-vs-B",8}  verdict");
        foreach (var (figure, byBuild) in results)
        {
            var a = byBuild["A"];
            var b = byBuild["B"];
            var (medianA, medianB) = (Median(a), Median(b));
            var change = medianB / medianA - 1;
            var noise = Math.Max(Spread(a), Spread(b));
            var better = figure.HigherIsBetter ? change : -change;
            var verdict = Math.Abs(change) <= noise ? "within noise" : better < 0 ? "B worse beyond noise" : "B better beyond noise";
            Console.WriteLine($"{figure.Provider,-10} {figure.Name,-17} {figure.Unit,-12} {medianA,10:N0} {medianB,10:N0} {change,8:+0.0%;-0.0%} {Spread(a),8:0.0%} {Spread(b),8:0.0%}  {verdict}");
        }
        Console.WriteLine("(spread = (max - min) / median of one build's runs; the noise is the larger of the two spreads.");
        Console.WriteLine(" CPU: per request of the server process over the measured run, PostgreSQL's own share not included; per resource of the whole bayu import process, start-up included)");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double Spread(List<double> values) => (values.Max() - values.Min()) / Median(values);
}
