using System.Diagnostics;

namespace Bayu.Bench.Server;

/// <summary>N concurrent clients over keep-alive connections, counting successful requests for a fixed time.</summary>
internal sealed class LoadGenerator(int clients, TimeSpan duration) : ILoad, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = clients,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseCookies = false,
    });

    public string Name => "HttpClient";

    public Task<(double RequestsPerSecond, long Failures)> RunAsync(Uri baseUri, Scenario scenario, Action? measuring = null) =>
        RunAsync(async (client, random) =>
        {
            using var message = new HttpRequestMessage(scenario.Method, new Uri(baseUri, scenario.Paths[random.Next(scenario.Paths.Count)]));
            if (scenario.Bodies is { Count: > 0 } bodies)
            {
                message.Content = new StringContent(bodies[random.Next(bodies.Count)], System.Text.Encoding.UTF8, Scenario.ContentType);
            }
            using var response = await client.SendAsync(message);
            return response.IsSuccessStatusCode;
        }, measuring);

    public async Task<(double RequestsPerSecond, long Failures)> RunAsync(Func<HttpClient, Random, Task<bool>> request, Action? measuring = null)
    {
        // A short warm-up so JIT, connection set-up and caches are not measured.
        await Drive(request, TimeSpan.FromSeconds(2));
        measuring?.Invoke();
        return await Drive(request, duration);
    }

    private async Task<(double, long)> Drive(Func<HttpClient, Random, Task<bool>> request, TimeSpan length)
    {
        long ok = 0;
        long failed = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(async worker =>
        {
            var random = new Random(worker);
            while (clock.Elapsed < length)
            {
                bool success;
                try
                {
                    success = await request(_client, random);
                }
                catch (HttpRequestException)
                {
                    success = false;
                }
                if (success)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            }
        });
        await Task.WhenAll(workers);
        return (ok / clock.Elapsed.TotalSeconds, failed);
    }

    public void Dispose() => _client.Dispose();
}
