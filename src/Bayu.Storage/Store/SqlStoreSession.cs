using System.Data.Common;
using Bayu.Storage.Outbox;
using Bayu.Storage.Search;

namespace Bayu.Storage.Store;

/// <summary>
/// One write transaction. Writes are buffered and flushed in bulk (the dialect's fastest insert
/// path) before any read inside the transaction and at commit, which is what makes bundle imports
/// fast. Outbox deliveries ride in the same flush, so they commit with the versions that cause
/// them; with no subscriptions none are built and the flush is what it was without an outbox.
/// </summary>
internal sealed class SqlStoreSession(SqlResourceStore store, DbConnection connection, DbTransaction transaction, OutboxRouting routing) : IStoreSession
{
    private readonly List<ResourceWrite> _pending = [];
    private readonly List<ResourceWrite> _reindexed = [];
    // Built as writes and events arrive, so deliveries keep the order of the calls that caused them.
    private readonly List<object?[]> _deliveries = [];
    private int _flushed;
    private int _deliveriesFlushed;
    private bool _committed;
    private bool _disposed;

    public async Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        return await store.ReadCurrentAsync(connection, transaction, resourceType, id, true, ct).ConfigureAwait(false);
    }

    public async Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        return await store.SearchAsync(connection, transaction, query, ct).ConfigureAwait(false);
    }

    public Task LockAsync(string key, bool shared, CancellationToken ct = default) => store.Dialect.LockAsync(connection, transaction, key, shared, ct);

    public Task WriteAsync(ResourceWrite write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        _pending.Add(write);
        if (!routing.IsEmpty)
        {
            routing.AddVersion(write.Version, _deliveries);
        }
        return Task.CompletedTask;
    }

    public Task ReindexAsync(StoredResource current, Indexing.ResourceIndex index, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(index);
        // Same shape as a write of the current version, but only its index rows are replaced: no
        // new version, no outbox event (nothing about the resource changed).
        _reindexed.Add(new ResourceWrite(current, current.VersionId, index, null));
        return Task.CompletedTask;
    }

    public Task AppendEventAsync(OutboxEvent outboxEvent, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(outboxEvent.Kind);
        if (!routing.IsEmpty)
        {
            routing.AddEvent(outboxEvent, store.Time.GetUtcNow().UtcTicks, _deliveries);
        }
        return Task.CompletedTask;
    }

    public async Task SavepointAsync(string name, CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        await transaction.SaveAsync(name, ct).ConfigureAwait(false);
    }

    public async Task ReleaseSavepointAsync(string name, CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        await transaction.ReleaseAsync(name, ct).ConfigureAwait(false);
    }

    public async Task RollbackToSavepointAsync(string name, CancellationToken ct = default)
    {
        // Rows flushed before the savepoint stay counted: an estimate is all the refresher needs.
        _pending.Clear();
        _reindexed.Clear();
        _deliveries.Clear();
        await transaction.RollbackAsync(name, ct).ConfigureAwait(false);
        // Both databases keep a savepoint after rolling back to it; release it so that one name
        // reused entry after entry does not stack up.
        await transaction.ReleaseAsync(name, ct).ConfigureAwait(false);
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        await FlushAsync(ct).ConfigureAwait(false);
        try
        {
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (store.Dialect.IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException("the resource was changed by another request", e);
        }
        _committed = true;
        store.Statistics.Written(_flushed);
        if (_deliveriesFlushed > 0)
        {
            store.OutboxWritten.Set();
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_reindexed.Count > 0)
        {
            var entries = _reindexed.ToArray();
            _reindexed.Clear();
            await DeleteIndexRowsAsync(entries, clearCurrent: false, ct).ConfigureAwait(false);
            await store.Dialect.InsertAsync(connection, transaction, IndexRows(entries), ct).ConfigureAwait(false);
        }
        if (_pending.Count == 0 && _deliveries.Count == 0)
        {
            return;
        }
        var writes = _pending.ToArray();
        _pending.Clear();
        var rows = Rows(writes);
        if (_deliveries.Count > 0)
        {
            rows.Add(new TableRows(OutboxRouting.Deliveries, [.. _deliveries]));
            _deliveriesFlushed += _deliveries.Count;
            _deliveries.Clear();
        }
        try
        {
            await DeleteIndexRowsAsync([.. writes.Where(w => w.PreviousVersionId > 0)], clearCurrent: true, ct).ConfigureAwait(false);
            await store.Dialect.InsertAsync(connection, transaction, rows, ct).ConfigureAwait(false);
            _flushed += writes.Length;
        }
        catch (Exception e) when (store.Dialect.IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException("the resource was changed by another request", e);
        }
    }

    /// <summary>Deletes the index rows of the given resources (and with <paramref name="clearCurrent"/> retires their current version), per type in IN lists.</summary>
    private async Task DeleteIndexRowsAsync(ResourceWrite[] writes, bool clearCurrent, CancellationToken ct)
    {
        var chunk = Math.Max(1, store.Dialect.MaxParameters - 1);
        foreach (var group in writes.GroupBy(w => w.Version.ResourceType, StringComparer.Ordinal))
        {
            foreach (var ids in group.Select(w => w.Version.Id).Distinct(StringComparer.Ordinal).Chunk(chunk))
            {
                var values = new List<object?>(ids.Length + 1) { group.Key };
                values.AddRange(ids);
                var inList = string.Join(", ", ids.Select((_, i) => "@p" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
                if (clearCurrent)
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, $"UPDATE resources SET is_current = 0 WHERE resource_type = @p0 AND id IN ({inList}) AND is_current = 1", values, ct).ConfigureAwait(false);
                }
                foreach (var table in TableShape.IndexTables)
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, $"DELETE FROM {table.Table} WHERE resource_type = @p0 AND id IN ({inList})", values, ct).ConfigureAwait(false);
                }
            }
        }
    }

    private static List<TableRows> Rows(ResourceWrite[] writes) =>
    [
        new(TableShape.Resources, [.. writes.Select(w => new object?[] { w.Version.ResourceType, w.Version.Id, w.Version.VersionId, w.Version.LastUpdated.UtcTicks, (short)1, (short)(w.Version.Deleted ? 1 : 0), (short)w.Version.Method, w.CompartmentPatientId, w.Version.Json })]),
        .. IndexRows(writes),
    ];

    private static List<TableRows> IndexRows(ResourceWrite[] writes)
    {
        static TableRows Index<T>(TableShape shape, ResourceWrite[] writes, Func<Indexing.ResourceIndex, List<T>> select, Func<T, object?[]> columns) =>
            new(shape, [.. writes.SelectMany(w => select(w.Index).Select(row => (object?[])[w.Version.ResourceType, w.Version.Id, .. columns(row)]))]);

        return
        [
            // Every text column compared by equality or prefix is stored as an IndexKey, which the
            // search side applies to its values too (ValueLists, PostgresValueJoin).
            Index(TableShape.Token, writes, i => i.Tokens, t => [t.Param, Key(t.System), Key(t.Code), t.Text]),
            Index(TableShape.String, writes, i => i.Strings, s => [s.Param, Key(s.Normalized), Key(s.Exact)]),
            Index(TableShape.Date, writes, i => i.Dates, d => [d.Param, d.Low, d.High]),
            Index(TableShape.Number, writes, i => i.Numbers, n => [n.Param, n.Low, n.High]),
            Index(TableShape.Quantity, writes, i => i.Quantities, q => [q.Param, q.System, q.Code, q.Low, q.High, q.CanonicalCode, q.CanonicalLow, q.CanonicalHigh]),
            Index(TableShape.Reference, writes, i => i.References, r => [r.Param, Key(r.TargetType), Key(r.TargetId), Key(r.Url), Key(r.IdentifierSystem), Key(r.IdentifierValue)]),
            Index(TableShape.Uri, writes, i => i.Uris, u => [u.Param, Key(u.Value)]),
        ];
    }

    private static string? Key(string? value) => Indexing.IndexKey.Fit(value);

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (!_committed)
        {
            try
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or DbException)
            {
                // Already completed or the connection broke: nothing left to roll back.
            }
        }
        await transaction.DisposeAsync().ConfigureAwait(false);
        store.Dialect.EndWrite();
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
