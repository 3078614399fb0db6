using Bayu.Server.Fhir;

namespace Bayu.Server.Platform.Workers;

/// <summary>
/// A process that only does background work — outbox deliveries and durable jobs — with the
/// server's configuration and modules and no HTTP endpoint: <c>bayu worker</c>, or
/// <c>Bayu.Server worker</c>. Several can run against one PostgreSQL database.
/// </summary>
public static class WorkerHost
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.AddFhirServer();
        builder.AddBayuModules();
        builder.AddPlatformWorkers(forceInProcess: true);
        using var host = builder.Build();
        await host.RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
