namespace Bayu.Bench.Server;

/// <summary>
/// One HTTP workload, described as data so both load generators (wrk and the .NET one) run exactly
/// the same requests: each request picks a random path (and body, for writes).
/// </summary>
internal sealed record Scenario(HttpMethod Method, IReadOnlyList<string> Paths, IReadOnlyList<string>? Bodies = null)
{
    public const string ContentType = "application/fhir+json";
}

/// <summary>A load generator: N keep-alive clients for a fixed time; successful requests per second and failures.</summary>
internal interface ILoad
{
    string Name { get; }

    /// <param name="measuring">Called after the warm-up, as the measured run starts (e.g. to read the server's CPU time).</param>
    Task<(double RequestsPerSecond, long Failures)> RunAsync(Uri baseUri, Scenario scenario, Action? measuring = null);
}
