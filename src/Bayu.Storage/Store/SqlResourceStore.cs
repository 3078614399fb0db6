using System.Data.Common;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;
using Bayu.Storage.Search;

namespace Bayu.Storage.Store;

/// <summary>The store over raw SQL; providers differ only through their <see cref="SqlDialect"/>.</summary>
public class SqlResourceStore : IResourceStore
{
    public SqlResourceStore(SqlDialect dialect)
    {
        Dialect = dialect;
        Statistics = new StatisticsRefresher(RefreshStatisticsAsync);
    }

    internal SqlDialect Dialect { get; }

    /// <summary>Refreshes the planner's statistics in the background after many writes.</summary>
    public StatisticsRefresher Statistics { get; }

    public StoreProvider Provider => Dialect.Provider;

    /// <summary>The clock of explicit events' creation time.</summary>
    internal TimeProvider Time { get; init; } = TimeProvider.System;

    private Lazy<OutboxRouting> _routing = new(OutboxRouting.None);

    internal OutboxRouting Routing => _routing.Value;

    /// <summary>Set after a commit that wrote outbox deliveries.</summary>
    internal WakeSignal OutboxWritten { get; } = new();

    /// <summary>Set after a job is enqueued or its cancellation is requested.</summary>
    internal WakeSignal JobsChanged { get; } = new();

    private int _started;

    /// <summary>The outbox subscriptions registered now (empty: no deliveries are written).</summary>
    public IReadOnlyList<OutboxSubscription> OutboxSubscriptions => Routing.Subscriptions;

    /// <summary>
    /// Registers the outbox subscriptions, before the first session begins (a session begun
    /// before would silently miss them). Migrate <see cref="OutboxSchema.Migrations"/> too.
    /// </summary>
    public void UseOutbox(IEnumerable<OutboxSubscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        SetRouting(new Lazy<OutboxRouting>(new OutboxRouting(subscriptions)));
    }

    /// <summary>
    /// Registers the outbox subscriptions to be read when first needed: at the first session, or
    /// the first look at <see cref="OutboxSubscriptions"/>. For a container that builds both the
    /// store and the subscriptions: a subscription names its handler, and a handler that needs this
    /// store cannot be built while the store is.
    /// </summary>
    public void UseOutbox(Func<IEnumerable<OutboxSubscription>> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        SetRouting(new Lazy<OutboxRouting>(() => new OutboxRouting(subscriptions()), LazyThreadSafetyMode.ExecutionAndPublication));
    }

    private void SetRouting(Lazy<OutboxRouting> routing)
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("outbox subscriptions must be registered before the store's first write session");
        }
        _routing = routing;
    }

    internal string SelectColumns => $"r.resource_type, r.id, r.version_id, r.last_updated, r.is_deleted, r.method, {Dialect.JsonColumn}";

    public Task MigrateAsync(CancellationToken ct = default) => MigrateAsync([], ct);

    public Task MigrateAsync(IEnumerable<MigrationSet> modules, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(modules);
        IReadOnlyList<MigrationSet> sets = [SchemaScripts.Store, .. modules];
        return InWriteAsync((connection, transaction) => Migrator.MigrateAsync(Dialect, connection, transaction, sets, Time.GetUtcNow().UtcTicks, ct), ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction of its own (SQLite: this process's write
    /// turn and the file's write lock); <paramref name="work"/> commits, or it rolls back. Public for
    /// the platform's queues and a module's own tables (docs/modules.md): taking the write turn here
    /// is what keeps a module's SQLite writes from colliding with the store's.
    /// </summary>
    public async Task<T> InWriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        var transaction = await Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
        try
        {
            return await work(connection, transaction).ConfigureAwait(false);
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            Dialect.EndWrite();
        }
    }

    public async Task InWriteAsync(Func<DbConnection, DbTransaction, Task> work, CancellationToken ct) =>
        await InWriteAsync<bool>(async (c, t) => { await work(c, t).ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);

    /// <summary>A connection for reads outside any transaction (a module's own tables); the caller disposes it.</summary>
    public Task<DbConnection> OpenReadAsync(CancellationToken ct = default) => Dialect.OpenAsync(ct);

    public async Task<IStoreSession> BeginAsync(CancellationToken ct = default)
    {
        Volatile.Write(ref _started, 1);
        var routing = Routing;
        var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        try
        {
            var transaction = await Dialect.BeginWriteAsync(connection, ct).ConfigureAwait(false);
            return new SqlStoreSession(this, connection, transaction, routing);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        return await ReadCurrentAsync(connection, null, resourceType, id, false, ct).ConfigureAwait(false);
    }

    internal async Task<StoredResource?> ReadCurrentAsync(DbConnection connection, DbTransaction? transaction, string resourceType, string id, bool lockRow, CancellationToken ct)
    {
        var sql = $"SELECT {SelectColumns} FROM resources r WHERE r.resource_type = @p0 AND r.id = @p1 AND r.is_current = 1{(lockRow ? Dialect.LockCurrentSuffix : "")}";
        var rows = await QueryAsync(connection, transaction, sql, [resourceType, id], ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<StoredResource>> ScanCurrentAsync(string resourceType, string? afterId, int limit, CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        // The database's own order of ids, in which ">" and ORDER BY agree, so the primary key
        // serves the walk; it may differ between providers, which a resumable walk does not mind.
        var sql = $"SELECT {SelectColumns} FROM resources r WHERE r.resource_type = @p0 AND r.is_current = 1 AND r.is_deleted = 0 AND r.id > @p1 ORDER BY r.id LIMIT @p2";
        return await QueryAsync(connection, null, sql, [resourceType, afterId ?? "", limit], ct).ConfigureAwait(false);
    }

    public async Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        var sql = $"SELECT {SelectColumns} FROM resources r WHERE r.resource_type = @p0 AND r.id = @p1 AND r.version_id = @p2";
        var rows = await QueryAsync(connection, null, sql, [resourceType, id, versionId], ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<StoredResource>> HistoryAsync(HistoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new SqlParameters();
        var where = new List<string> { "1 = 1" };
        if (query.ResourceType is not null)
        {
            where.Add("r.resource_type = " + p.Add(query.ResourceType));
        }
        if (query.Id is not null)
        {
            where.Add("r.id = " + p.Add(query.Id));
        }
        if (query.Since is { } since)
        {
            where.Add("r.last_updated >= " + p.Add(since.UtcTicks));
        }
        if (query.At is { } at)
        {
            // Versions that were current at that instant: written before it and not yet superseded.
            var atTicks = p.Add(at.UtcTicks);
            where.Add($"r.last_updated <= {atTicks} AND NOT EXISTS (SELECT 1 FROM resources n WHERE n.resource_type = r.resource_type AND n.id = r.id AND n.version_id > r.version_id AND n.last_updated <= {atTicks})");
        }
        var sql = $"SELECT {SelectColumns} FROM resources r WHERE {string.Join(" AND ", where)} ORDER BY r.last_updated DESC, r.version_id DESC LIMIT {p.Add(query.Count)} OFFSET {p.Add(query.Offset)}";
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        return await QueryAsync(connection, null, sql, p.Values, ct).ConfigureAwait(false);
    }

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        return await SearchAsync(connection, null, query, ct).ConfigureAwait(false);
    }

    internal async Task<SearchResult> SearchAsync(DbConnection connection, DbTransaction? transaction, SearchQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var p = new SqlParameters();
        var where = SearchSqlBuilder.Where(query, p, Provider);
        long? total = null;
        if (query.IncludeTotal)
        {
            await using var count = SqlCommands.Create(connection, transaction, $"SELECT COUNT(*) FROM resources r WHERE {where}", p.Values);
            total = Convert.ToInt64(await count.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        }
        if (query.Count == 0)
        {
            return new SearchResult([], total);
        }
        var orderBy = SearchSqlBuilder.OrderBy(query, p);
        var sql = $"SELECT {SelectColumns} FROM resources r WHERE {where} ORDER BY {orderBy} LIMIT {p.Add(query.Count)} OFFSET {p.Add(query.Offset)}";
        var rows = await QueryAsync(connection, transaction, sql, p.Values, ct).ConfigureAwait(false);
        return new SearchResult(rows, total);
    }

    public async Task RefreshStatisticsAsync(CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, null, Dialect.RefreshStatistics, [], ct).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default)
    {
        await using var connection = await Dialect.OpenAsync(ct).ConfigureAwait(false);
        await using var command = SqlCommands.Create(connection, null, "SELECT resource_type, COUNT(*) FROM resources WHERE is_current = 1 AND is_deleted = 0 GROUP BY resource_type", []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }
        return counts;
    }

    internal static async Task<List<StoredResource>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        await using var command = SqlCommands.Create(connection, transaction, sql, values);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<StoredResource>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            rows.Add(new StoredResource(
                reader.GetString(0),
                reader.GetString(1),
                Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture),
                new DateTimeOffset(Convert.ToInt64(reader.GetValue(3), System.Globalization.CultureInfo.InvariantCulture), TimeSpan.Zero),
                Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture) != 0,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                (StoredMethod)Convert.ToInt32(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture)));
        }
        return rows;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
