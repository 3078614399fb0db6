using System.Diagnostics;
using System.Text;

namespace Bayu.Bench.Server;

/// <summary>
/// Small-write latency while a maximal batch (10,000 small entries) loads: 1 and 4 clients each
/// creating one Patient after another for as long as the batch runs, with batches committed in one
/// transaction (the baseline: chunking off) and in chunks (the defaults), on each provider.
/// </summary>
internal static class FairnessBench
{
    private const int BatchEntries = 10_000;

    // The 105-byte kind of create of the hostile mix that waited for seconds.
    private const string SmallPatient = """{"resourceType":"Patient","active":true,"name":[{"family":"王","given":["伟"]}],"gender":"male"}""";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var batch = Batch();
        Console.WriteLine($"Server: {options.ServerDll ?? "this repository's Release build"}");
        Console.WriteLine($"Batch: {BatchEntries:N0} entries (Patients and Observations), {batch.Length / 1024.0 / 1024.0:N1} MB; small write: POST /fhir/Patient, {Encoding.UTF8.GetByteCount(SmallPatient)} bytes");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromMinutes(10) };
        await BenchServers.ForEachProviderAsync(options, async (provider, start) =>
        {
            foreach (var (mode, settings) in new (string, Dictionary<string, string>)[]
            {
                ("one transaction (chunking off)", new() { ["Bayu__Storage__BatchChunkEntries"] = "0", ["Bayu__Storage__BatchChunkMilliseconds"] = "0" }),
                ("chunked (defaults)", new()),
            })
            {
                await using var server = await start(settings);
                await WarmUpAsync(client, server.BaseUri);
                foreach (var clients in new[] { 1, 4 })
                {
                    var (latencies, batchTime, failures) = await MeasureAsync(client, server.BaseUri, batch, clients);
                    Console.WriteLine($"{provider,-10} {mode,-30} {clients} client(s): batch {batchTime.TotalSeconds,5:N1} s; small creates n={latencies.Count,5} p50 {Percentile(latencies, 0.50),7:N0} ms  p99 {Percentile(latencies, 0.99),7:N0} ms  max {latencies.DefaultIfEmpty().Max(),7:N0} ms  ({failures} failed)");
                }
            }
        });
        return 0;
    }

    private static string Batch()
    {
        var entries = Enumerable.Range(0, BatchEntries).Select(i => i % 2 == 0
            ? $$"""{"resource":{"resourceType":"Patient","identifier":[{"system":"urn:bench:fair","value":"p{{i}}"}],"name":[{"family":"李","given":["娜"]}],"gender":"female","birthDate":"1985-04-1{{i % 10}}"},"request":{"method":"POST","url":"Patient"} }"""
            : $$"""{"resource":{"resourceType":"Observation","status":"final","identifier":[{"system":"urn:bench:fair","value":"o{{i}}"}],"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"valueQuantity":{"value":36.{{i % 10}},"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"} },"request":{"method":"POST","url":"Observation"} }""");
        return $$"""{"resourceType":"Bundle","type":"batch","entry":[{{string.Join(",", entries)}}]}""";
    }

    private static async Task WarmUpAsync(HttpClient client, Uri baseUri)
    {
        for (var i = 0; i < 50; i++)
        {
            using var _ = await PostAsync(client, new Uri(baseUri, "/fhir/Patient"), SmallPatient);
        }
        var small = $$"""{"resourceType":"Bundle","type":"batch","entry":[{{string.Join(",", Enumerable.Repeat($$"""{"resource":{{SmallPatient}},"request":{"method":"POST","url":"Patient"} }""", 500))}}]}""";
        using var warm = await PostAsync(client, new Uri(baseUri, "/fhir"), small);
        warm.EnsureSuccessStatusCode();
    }

    private static async Task<(List<double> Latencies, TimeSpan Batch, long Failures)> MeasureAsync(HttpClient client, Uri baseUri, string batch, int clients)
    {
        var clock = Stopwatch.StartNew();
        var loading = Task.Run(async () =>
        {
            using var response = await PostAsync(client, new Uri(baseUri, "/fhir"), batch);
            response.EnsureSuccessStatusCode();
            return clock.Elapsed;
        });
        var latencies = new List<double>();
        long failures = 0;
        var writers = Enumerable.Range(0, clients).Select(async _ =>
        {
            // Every small write that starts while the batch is in flight counts, the slow last one included.
            while (!loading.IsCompleted)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await PostAsync(client, new Uri(baseUri, "/fhir/Patient"), SmallPatient);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                    failures += response.IsSuccessStatusCode ? 0 : 1;
                }
            }
        });
        await Task.WhenAll(writers);
        return (latencies, await loading, failures);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Uri uri, string body) =>
        client.PostAsync(uri, new StringContent(body, Encoding.UTF8, Scenario.ContentType));

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
    }
}
