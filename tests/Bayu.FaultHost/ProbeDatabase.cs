using System.Data.Common;
using Bayu.Server.Storage;
using Bayu.Storage.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bayu.FaultHost;

/// <summary>
/// The probe's own connections to the store's database. The store keeps its connections to
/// itself; the probe needs none of its machinery, only one idempotent upsert per delivery.
/// </summary>
internal sealed class ProbeDatabase : IAsyncDisposable
{
    // A repeat keeps the row as it was and counts one more delivery: the set of rows is what a
    // single delivery would leave, whatever the number of attempts.
    private const string Upsert = """
        INSERT INTO fault_probe (resource_type, resource_id, version_id, deliveries, first_worker) VALUES (@t, @i, @v, 1, @w)
        ON CONFLICT (resource_type, resource_id, version_id) DO UPDATE SET deliveries = fault_probe.deliveries + 1
        """;

    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    public ProbeDatabase(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        if (storage.Provider == StoreProvider.Postgres)
        {
            _postgres = NpgsqlDataSource.Create(storage.PostgresConnectionString!);
        }
        else
        {
            // The server's writers take turns inside its process; the probe's connection waits
            // for the file's write lock like another process would.
            _sqlite = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(storage.DataDirectory, ResourceStores.SqliteFileName),
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public async Task RecordAsync(string type, string id, int version, string worker, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = Upsert;
        foreach (var (name, value) in new (string, object)[] { ("t", type), ("i", id), ("v", version), ("w", worker) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(ct).ConfigureAwait(false);
        }
        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        // NORMAL survives a killed process, the only fault here, and spares the probe a sync per
        // delivery (with FULL the outbox drained at the probe's pace, not the dispatcher's).
        pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL";
        await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        return connection;
    }

    public ValueTask DisposeAsync() => _postgres?.DisposeAsync() ?? ValueTask.CompletedTask;
}
