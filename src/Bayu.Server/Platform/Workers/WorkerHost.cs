using Bayu.Server.Fhir;

namespace Bayu.Server.Platform.Workers;

/// <summary>
/// A process that only does background work — outbox deliveries and durable jobs — with the
/// server's configuration and modules and no HTTP endpoint: <c>bayu worker</c>, or
/// <c>Bayu.Server worker</c>. Several can run against one PostgreSQL database.
/// </summary>
public static class WorkerHost
{
    /// <summary>
    /// The platform's services (store with the modules' outbox subscriptions, their schemas, the
    /// engine) without workers or endpoints, for tools that write into the store directly such as
    /// <c>bayu import</c>: what they write raises the same events as a write through the server.
    /// </summary>
    public static IHost BuildServices(string[] args)
    {
        var builder = Host.CreateApplicationBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false", $"--{WorkerOptions.Section}:{nameof(WorkerOptions.InProcess)}=false"]);
        builder.AddFhirServer();
        builder.AddBayuModules();
        builder.AddPlatformWorkers();
        return builder.Build();
    }

    public static Task<int> RunAsync(string[] args, CancellationToken ct = default) => RunAsync(args, configure: null, ct);

    /// <param name="configure">
    /// Adds to the worker's services before it is built: a host that carries modules of its own
    /// beyond <see cref="BayuModules"/> (the outbox fault test's probe handler) registers them here,
    /// as it would next to AddBayuModules in a server.
    /// </param>
    public static async Task<int> RunAsync(string[] args, Action<IHostApplicationBuilder>? configure, CancellationToken ct = default)
    {
        var builder = Host.CreateApplicationBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.AddFhirServer();
        builder.AddBayuModules();
        configure?.Invoke(builder);
        builder.AddPlatformWorkers(forceInProcess: true);
        using var host = builder.Build();
        await host.RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
