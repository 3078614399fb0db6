using Bayu.Server.Platform;
using Bayu.Storage.Sqlite;
using Bayu.Storage.Store;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Storage;

/// <summary>Registers the resource store chosen by configuration and migrates its schema before the server listens.</summary>
public static class StorageExtensions
{
    public static IHostApplicationBuilder AddFhirStorage(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Bound like every module's options (section Bayu:Storage), plus three shortcuts kept for
        // the command line: Bayu:DataDirectory, ConnectionStrings:Postgres and --postgres "Host=...".
        builder.Services.AddOptions<StorageOptions>()
            .BindSection(StorageOptions.Section)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                options.DataDirectory = configuration["Bayu:DataDirectory"] ?? options.DataDirectory;
                if (configuration["postgres"] is { Length: > 0 } shortcut)
                {
                    options.Provider = StoreProvider.Postgres;
                    options.PostgresConnectionString = shortcut;
                }
                options.PostgresConnectionString ??= configuration.GetConnectionString("Postgres");
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IResourceStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            var limits = services.GetRequiredService<IOptions<Limits.LimitsOptions>>().Value;
            var store = options.Provider == StoreProvider.Postgres
                ? ResourceStores.Postgres(WithTimeouts(options.PostgresConnectionString!, limits.CommandTimeoutSeconds))
                : ResourceStores.Sqlite(options.DataDirectory, options.SqliteSynchronous);
            if (store is SqlResourceStore sql)
            {
                sql.Statistics.Enabled = options.RefreshStatistics;
                // Before any write: a version committed without the subscriptions would miss its events.
                // Read at the first session, not now: a subscription is built from its handler, and
                // a handler that needs the store would make this factory wait on itself.
                sql.UseOutbox(() => services.GetServices<Bayu.Storage.Outbox.OutboxSubscription>());
            }
            return store;
        });
        builder.Services.AddHostedService<SchemaMigrationService>();
        return builder;
    }

    /// <summary>
    /// Bounds each statement and the wait for a pooled connection by Bayu:Limits:CommandTimeoutSeconds,
    /// unless the connection string sets them itself; a timeout answers 503 (FhirErrors).
    /// </summary>
    private static string WithTimeouts(string connectionString, int seconds)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Command Timeout") && !given.ContainsKey("CommandTimeout"))
        {
            builder.CommandTimeout = seconds;
        }
        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = Math.Min(seconds, 1024);
        }
        return builder.ConnectionString;
    }
}

/// <summary>
/// Checks that the database keeps what it acknowledges, then runs the idempotent schema migration
/// at start-up, the store's and every module's registered <see cref="Bayu.Storage.Schema.MigrationSet"/>;
/// hosted services start before the server accepts requests.
/// </summary>
internal sealed class SchemaMigrationService(IResourceStore store, IEnumerable<Bayu.Storage.Schema.MigrationSet> modules, IOptions<StorageOptions> options, ILogger<SchemaMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store.Provider == StoreProvider.Postgres)
        {
            await PostgresDurabilityCheck.RunAsync(options.Value, logger, cancellationToken).ConfigureAwait(false);
        }
        // A bad subscription (a handler subscribed twice) stops the start instead of the first write.
        _ = (store as SqlResourceStore)?.OutboxSubscriptions;
        await store.MigrateAsync(modules, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("FHIR store ready ({Provider})", store.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
