using Bayu.Cli.Import;
using Bayu.Storage.Sqlite;

namespace Bayu.Bench.Server;

/// <summary>
/// What SQLite's synchronous=FULL (a WAL sync per commit: acknowledged writes survive a power cut)
/// costs against NORMAL (survives a killed process only): create req/s through the server and
/// Synthea import resources/s through the write path, both modes in the same run.
/// </summary>
internal static class DurabilityBench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var bundles = SyntheaBundles.Load(options.SyntheaFolder);
        var resources = SyntheaBundles.CountEntries(bundles);
        using var load = new LoadGenerator(options.Clients, TimeSpan.FromSeconds(options.Seconds));
        var bodies = Enumerable.Range(0, 90).Select(i =>
            $$"""{"resourceType":"Patient","active":true,"name":[{"family":"王","given":["伟"]}],"gender":"male","birthDate":"1980-0{{i % 9 + 1}}-1{{i / 9}}"}""").ToArray();
        var results = new List<string>();
        // Alternate the modes and repeat: on a shared machine a single pair is mostly noise.
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var mode in new[] { SqliteSynchronous.Full, SqliteSynchronous.Normal })
            {
                await using (var server = await BenchServers.StartSqliteAsync(new() { ["Bayu__Storage__SqliteSynchronous"] = mode.ToString() }, options.ServerDll))
                {
                    var create = await load.RunAsync(server.BaseUri, new Scenario(HttpMethod.Post, ["/fhir/Patient"], bodies));
                    results.Add($"round {round} {mode,-6}: create {create.RequestsPerSecond,7:N0} req/s ({options.Clients} clients, {create.Failures} failed)");
                }
                var directory = Path.Combine(Path.GetTempPath(), "bayu-bench-sync-" + Guid.NewGuid().ToString("N"));
                try
                {
                    var import = await ImportBench.WritePathAsync(bundles, StoreImportTarget.Sqlite(directory, mode), options);
                    results[^1] += $"; import {resources / import.Elapsed.TotalSeconds,7:N0} resources/s ({import.Elapsed.TotalSeconds:N1} s, {import.Failed} failed)";
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    Directory.Delete(directory, recursive: true);
                }
                Console.WriteLine("SQLite " + results[^1]);
            }
        }
        return 0;
    }
}
