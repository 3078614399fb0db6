using Bayu.Server.Platform;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;

namespace Bayu.FaultHost;

/// <summary>
/// Module <c>fault-probe</c>: an outbox handler subscribed to every resource change that records
/// each delivered version once in its own table and counts how often it came, so the fault test
/// can compare what was delivered with what was acknowledged and what the store holds.
/// </summary>
public static class FaultProbe
{
    public const string Name = "fault-probe";

    /// <summary>Configuration key naming this process in the rows it records first (<c>server</c> by default).</summary>
    public const string WorkerKey = "FaultProbe:Worker";

    private const string Table = """
        CREATE TABLE fault_probe (
            resource_type text NOT NULL,
            resource_id text NOT NULL,
            version_id integer NOT NULL,
            deliveries integer NOT NULL,
            first_worker text NOT NULL,
            PRIMARY KEY (resource_type, resource_id, version_id));
        """;

    public static MigrationSet Migrations { get; } = new(Name, [new Migration(1, Table, Table)]);

    public static IHostApplicationBuilder AddFaultProbe(this IHostApplicationBuilder builder)
    {
        builder.AddModule(Name)
            .WithMigrations(Migrations)
            .WithOutboxHandler<FaultProbeHandler>(handler => new OutboxSubscription(handler));
        builder.Services.AddSingleton<ProbeDatabase>();
        return builder;
    }
}

internal sealed class FaultProbeHandler(ProbeDatabase database, IConfiguration configuration) : IOutboxHandler
{
    private readonly string _worker = configuration[FaultProbe.WorkerKey] ?? "server";

    public string Name => FaultProbe.Name;

    public Task HandleAsync(OutboxMessage message, CancellationToken ct) => message.IsResourceVersion
        ? database.RecordAsync(message.ResourceType!, message.ResourceId!, message.VersionId!.Value, _worker, ct)
        : Task.CompletedTask;
}
