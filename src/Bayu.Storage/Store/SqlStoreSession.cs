using System.Data.Common;
using System.Text;
using Bayu.Storage.Search;

namespace Bayu.Storage.Store;

/// <summary>
/// One write transaction. Writes are buffered and flushed as multi-row inserts (one statement per
/// table per flush) before any read inside the transaction and at commit, which is what makes
/// bundle imports fast.
/// </summary>
internal sealed class SqlStoreSession(SqlResourceStore store, DbConnection connection, DbTransaction transaction) : IStoreSession
{
    private static readonly string[] s_indexTables = ["idx_token", "idx_string", "idx_date", "idx_number", "idx_quantity", "idx_reference", "idx_uri"];

    private readonly List<ResourceWrite> _pending = [];
    private bool _committed;

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

    public Task WriteAsync(ResourceWrite write, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        _pending.Add(write);
        return Task.CompletedTask;
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
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        var writes = _pending.ToArray();
        _pending.Clear();
        try
        {
            foreach (var write in writes.Where(w => w.PreviousVersionId > 0))
            {
                var v = write.Version;
                await SqlCommands.ExecuteAsync(connection, transaction, "UPDATE resources SET is_current = 0 WHERE resource_type = @p0 AND id = @p1 AND is_current = 1", [v.ResourceType, v.Id], ct).ConfigureAwait(false);
                foreach (var table in s_indexTables)
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE resource_type = @p0 AND id = @p1", [v.ResourceType, v.Id], ct).ConfigureAwait(false);
                }
            }
            await InsertRowsAsync("resources (resource_type, id, version_id, last_updated, is_current, is_deleted, method, compartment, json)", 9,
                writes.Select(w => new object?[] { w.Version.ResourceType, w.Version.Id, w.Version.VersionId, w.Version.LastUpdated.UtcTicks, (short)1, (short)(w.Version.Deleted ? 1 : 0), (short)w.Version.Method, w.CompartmentPatientId, w.Version.Json }),
                jsonColumn: 8, ct).ConfigureAwait(false);
            await InsertIndexAsync(writes, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (store.Dialect.IsUniqueViolation(e))
        {
            throw new ConcurrencyConflictException("the resource was changed by another request", e);
        }
    }

    private async Task InsertIndexAsync(ResourceWrite[] writes, CancellationToken ct)
    {
        static IEnumerable<object?[]> Rows<T>(ResourceWrite[] writes, Func<Indexing.ResourceIndex, List<T>> select, Func<T, object?[]> columns) =>
            writes.SelectMany(w => select(w.Index).Select(row => (object?[])[w.Version.ResourceType, w.Version.Id, .. columns(row)]));

        await InsertRowsAsync("idx_token (resource_type, id, param, system, code, text_value)", 6,
            Rows(writes, i => i.Tokens, t => [t.Param, t.System, t.Code, t.Text]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_string (resource_type, id, param, norm, exact)", 5,
            Rows(writes, i => i.Strings, s => [s.Param, s.Normalized, s.Exact]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_date (resource_type, id, param, low, high)", 5,
            Rows(writes, i => i.Dates, d => [d.Param, d.Low, d.High]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_number (resource_type, id, param, low, high)", 5,
            Rows(writes, i => i.Numbers, n => [n.Param, n.Low, n.High]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_quantity (resource_type, id, param, system, code, low, high, canonical_code, canonical_low, canonical_high)", 10,
            Rows(writes, i => i.Quantities, q => [q.Param, q.System, q.Code, q.Low, q.High, q.CanonicalCode, q.CanonicalLow, q.CanonicalHigh]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_reference (resource_type, id, param, target_type, target_id, url, identifier_system, identifier_value)", 8,
            Rows(writes, i => i.References, r => [r.Param, r.TargetType, r.TargetId, r.Url, r.IdentifierSystem, r.IdentifierValue]), -1, ct).ConfigureAwait(false);
        await InsertRowsAsync("idx_uri (resource_type, id, param, value)", 4,
            Rows(writes, i => i.Uris, u => [u.Param, u.Value]), -1, ct).ConfigureAwait(false);
    }

    /// <summary>Multi-row INSERT, chunked below the provider's parameter limit.</summary>
    private async Task InsertRowsAsync(string target, int columns, IEnumerable<object?[]> rows, int jsonColumn, CancellationToken ct)
    {
        var rowsPerStatement = Math.Max(1, store.Dialect.MaxParameters / columns);
        var values = new List<object?>();
        var sql = new StringBuilder();
        var count = 0;
        foreach (var row in rows)
        {
            sql.Append(count == 0 ? $"INSERT INTO {target} VALUES " : ", ");
            sql.Append('(');
            for (var c = 0; c < columns; c++)
            {
                var name = "@p" + values.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                values.Add(row[c]);
                sql.Append(c == 0 ? "" : ", ").Append(c == jsonColumn ? store.Dialect.JsonValue(name) : name);
            }
            sql.Append(')');
            if (++count == rowsPerStatement)
            {
                await SqlCommands.ExecuteAsync(connection, transaction, sql.ToString(), values, ct).ConfigureAwait(false);
                values.Clear();
                sql.Clear();
                count = 0;
            }
        }
        if (count > 0)
        {
            await SqlCommands.ExecuteAsync(connection, transaction, sql.ToString(), values, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
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
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
