using System.Data.Common;
using System.Globalization;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bayu.Server.Tests.Faults;

/// <summary>A version of a resource, as acknowledged, stored or delivered.</summary>
internal readonly record struct VersionKey(string Type, string Id, int Version);

/// <summary>What the probe recorded for one version: how often it came, and which process recorded it first.</summary>
internal sealed record ProbeRow(int Deliveries, string FirstWorker);

/// <summary>
/// The fresh store the fault host processes share (a temporary SQLite directory or a new
/// <c>bayu_t_*</c> PostgreSQL database, removed afterwards), read directly by the test.
/// </summary>
internal sealed class FaultStore : IAsyncDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-faults-" + Guid.NewGuid().ToString("N"));
    private string? _database;
    private string? _postgres;

    private FaultStore(StoreProvider provider) => Provider = provider;

    public StoreProvider Provider { get; }

    /// <summary>The settings (environment variables) that point a fault host at this store.</summary>
    public Dictionary<string, string> Settings { get; } = [];

    public static async Task<FaultStore> CreateAsync(StoreProvider provider)
    {
        var store = new FaultStore(provider);
        store.Settings["Bayu__Storage__Provider"] = provider.ToString();
        store.Settings["Bayu__DataDirectory"] = store._dataDirectory;
        store.Settings["Bayu__Demo__Seed"] = "false";
        // These runs test durability under SIGKILL behind the door; the door itself (tokens, scopes)
        // is tested in Security/, and a five-minute token would only add renewals to the kill loop.
        store.Settings["Bayu__Security__Enforce"] = "false";
        if (provider == StoreProvider.Postgres)
        {
            store._database = "bayu_t_" + Guid.NewGuid().ToString("N")[..16];
            await AdminAsync($"CREATE DATABASE {store._database}");
            store._postgres = new NpgsqlConnectionStringBuilder(ServerFixture.AdminConnectionString()) { Database = store._database }.ToString();
            // The cluster is shared: bound what each of the several processes may hold.
            store.Settings["ConnectionStrings__Postgres"] = new NpgsqlConnectionStringBuilder(store._postgres) { MaxPoolSize = 40 }.ToString();
        }
        return store;
    }

    public async Task<HashSet<VersionKey>> StoredVersionsAsync()
    {
        var versions = new HashSet<VersionKey>();
        await foreach (var row in QueryAsync("SELECT resource_type, id, version_id FROM resources"))
        {
            versions.Add(new VersionKey(row.GetString(0), row.GetString(1), Int(row, 2)));
        }
        return versions;
    }

    public async Task<Dictionary<VersionKey, ProbeRow>> ProbeAsync()
    {
        var rows = new Dictionary<VersionKey, ProbeRow>();
        await foreach (var row in QueryAsync("SELECT resource_type, resource_id, version_id, deliveries, first_worker FROM fault_probe"))
        {
            rows[new VersionKey(row.GetString(0), row.GetString(1), Int(row, 2))] = new ProbeRow(Int(row, 3), row.GetString(4));
        }
        return rows;
    }

    /// <summary>Delivery rows of the probe by state (0 pending, 1 done, 2 dead) and how many were claimed more than once.</summary>
    public async Task<(long Pending, long Done, long Dead, long Reclaimed)> DeliveriesAsync()
    {
        await foreach (var row in QueryAsync("""
            SELECT COALESCE(SUM(CASE WHEN state = 0 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN state = 1 THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN attempts > 1 THEN 1 ELSE 0 END), 0)
            FROM outbox_deliveries WHERE handler = 'fault-probe'
            """))
        {
            return (Long(row, 0), Long(row, 1), Long(row, 2), Long(row, 3));
        }
        return default;
    }

    /// <summary>
    /// The search index rows of one type as sorted text lines (token, string, date and reference
    /// rows), to compare an index rebuilt after kills with the one an uninterrupted write built.
    /// </summary>
    public async Task<List<string>> IndexRowsAsync(string resourceType)
    {
        var lines = new List<string>();
        foreach (var sql in new[]
        {
            $"SELECT 't', id, param, COALESCE(system, ''), COALESCE(code, '') FROM idx_token WHERE resource_type = '{resourceType}'",
            $"SELECT 's', id, param, norm, exact FROM idx_string WHERE resource_type = '{resourceType}'",
            $"SELECT 'd', id, param, CAST(low AS text), CAST(high AS text) FROM idx_date WHERE resource_type = '{resourceType}'",
            $"SELECT 'r', id, param, COALESCE(target_type, ''), COALESCE(target_id, '') FROM idx_reference WHERE resource_type = '{resourceType}'",
        })
        {
            await foreach (var row in QueryAsync(sql))
            {
                lines.Add(string.Join('|', Enumerable.Range(0, 5).Select(i => Convert.ToString(row.GetValue(i), CultureInfo.InvariantCulture))));
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Runs a statement on the store behind the platform's back (to damage what a job must repair).</summary>
    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = _postgres is null
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDirectory, ResourceStores.SqliteFileName), Pooling = false }.ToString())
            : new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        return connection;
    }

    private async IAsyncEnumerable<DbDataReader> QueryAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return reader;
        }
    }

    private static int Int(DbDataReader row, int i) => Convert.ToInt32(row.GetValue(i), CultureInfo.InvariantCulture);

    private static long Long(DbDataReader row, int i) => Convert.ToInt64(row.GetValue(i), CultureInfo.InvariantCulture);

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ServerFixture.AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)");
        }
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }
}
