using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Bayu.Bench.Server;

/// <summary>
/// Issue 25, item 5: a fresh PostgreSQL database written only through REST and never analysed
/// (statistics refresher off, autovacuum off on the tables), N Observations in batches, then a
/// 40-value identifier search: sequential latency and 50 concurrent searches; then the same after
/// ANALYZE for comparison.
/// </summary>
internal static class UnanalysedSearchBench
{
    private const int BatchSize = 1000;
    private const int Values = 40;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (options.Postgres is not { } connectionString)
        {
            Console.Error.WriteLine("unanalysed needs PostgreSQL: --postgres or BAYU_TEST_POSTGRES");
            return 2;
        }
        var observations = options.Count ?? 100_000;
        var root = BenchOptions.RepositoryRoot();
        var serverDll = Path.Combine(root, "src", "Bayu.Server", "bin", "Release", "net10.0", "Bayu.Server.dll");
        var database = "bayu_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var admin = new Npgsql.NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-bench-unanalysed-" + Guid.NewGuid().ToString("N"));
        try
        {
            var benchConnection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
            var environment = new Dictionary<string, string>
            {
                ["Bayu__Storage__Provider"] = "Postgres",
                ["ConnectionStrings__Postgres"] = benchConnection,
                ["Bayu__DataDirectory"] = dataDirectory,
                ["Bayu__Demo__Seed"] = "false",
                ["Bayu__Storage__RefreshStatistics"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            await using var server = await ChildProcess.StartAsync("dotnet", [serverDll], environment, "/fhir/metadata", TimeSpan.FromMinutes(5));
            await using var db = new Npgsql.NpgsqlConnection(benchConnection);
            await db.OpenAsync();
            foreach (var table in new[] { "resources", "idx_token", "idx_string", "idx_date", "idx_number", "idx_quantity", "idx_reference", "idx_uri" })
            {
                await new Npgsql.NpgsqlCommand($"ALTER TABLE {table} SET (autovacuum_enabled = false)", db).ExecuteNonQueryAsync();
            }
            using var client = new HttpClient { BaseAddress = server.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
            var load = Stopwatch.StartNew();
            var batches = Enumerable.Range(0, (observations + BatchSize - 1) / BatchSize).ToArray();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) =>
            {
                var entries = string.Join(",", Enumerable.Range(b * BatchSize, Math.Min(BatchSize, observations - b * BatchSize)).Select(i =>
                    $$$"""{"resource":{"resourceType":"Observation","status":"final","identifier":[{"system":"urn:s","value":"o{{{i}}}"}],"code":{"coding":[{"system":"http://loinc.org","code":"c{{{i % 50}}}"}]},"valueQuantity":{"value":{{{i % 200}}},"unit":"mg","system":"http://unitsofmeasure.org","code":"mg"}},"request":{"method":"POST","url":"Observation"}}"""));
                using var body = new StringContent($$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""", Encoding.UTF8, "application/fhir+json");
                using var response = await client.PostAsync("/fhir", body, ct);
                response.EnsureSuccessStatusCode();
            });
            var reltuples = await new Npgsql.NpgsqlCommand("SELECT reltuples FROM pg_class WHERE relname = 'idx_token'", db).ExecuteScalarAsync();
            Console.WriteLine($"Wrote {observations:N0} Observations through REST in {load.Elapsed.TotalSeconds:N1} s (batches of {BatchSize}); idx_token reltuples = {reltuples} (-1: never analysed)");

            await MeasureAsync("no statistics", client, observations);
            await new Npgsql.NpgsqlCommand("ANALYZE", db).ExecuteNonQueryAsync();
            await MeasureAsync("after ANALYZE", client, observations);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
        return 0;
    }

    private static async Task MeasureAsync(string label, HttpClient client, int observations)
    {
        var random = new Random(25);
        // 40 distinct identifiers, each naming one Observation; _count above 40 so one page holds them all.
        string Url() => "/fhir/Observation?_count=100&identifier=" + Uri.EscapeDataString(string.Join(",", Enumerable.Range(0, int.MaxValue).Select(_ => random.Next(observations)).Distinct().Take(Values).Select(i => $"urn:s|o{i}")));
        // Warm-up, then sequential latency.
        for (var i = 0; i < 5; i++)
        {
            await SearchAsync(client, Url());
        }
        var sequential = new List<double>();
        var sequentialErrors = 0;
        for (var i = 0; i < 50; i++)
        {
            var (ok, milliseconds) = await SearchAsync(client, Url());
            sequential.Add(milliseconds);
            sequentialErrors += ok ? 0 : 1;
        }
        sequential.Sort();
        var urls = Enumerable.Range(0, 50).Select(_ => Url()).ToArray();
        var wall = Stopwatch.StartNew();
        var concurrent = await Task.WhenAll(urls.Select(u => SearchAsync(client, u)));
        wall.Stop();
        var errors = concurrent.Count(r => !r.Ok);
        var latencies = concurrent.Select(r => r.Milliseconds).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: 40-value identifier search, sequential median {sequential[25]:N1} ms, p95 {sequential[47]:N1} ms, max {sequential[^1]:N1} ms, {sequentialErrors} wrong or failed; 50 concurrent: {errors} wrong or failed, median {latencies[25]:N1} ms, max {latencies[^1]:N1} ms, all done in {wall.Elapsed.TotalMilliseconds:N0} ms"));
    }

    private static async Task<(bool Ok, double Milliseconds)> SearchAsync(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await client.GetAsync(url);
            var body = await response.Content.ReadAsStringAsync();
            // Every value names one Observation: a right answer has 40 matches.
            return (response.IsSuccessStatusCode && CountEntries(body) == Values, watch.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException)
        {
            return (false, watch.Elapsed.TotalMilliseconds);
        }
    }

    private static int CountEntries(string body)
    {
        var count = 0;
        for (var i = body.IndexOf("\"fullUrl\"", StringComparison.Ordinal); i >= 0; i = body.IndexOf("\"fullUrl\"", i + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
