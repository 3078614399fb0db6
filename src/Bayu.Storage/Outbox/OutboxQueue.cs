using System.Data.Common;
using System.Globalization;
using Bayu.Storage.Search;
using Bayu.Storage.Store;

namespace Bayu.Storage.Outbox;

/// <summary>The outbox seen from operations: counts, dead letters, replay and clean-up.</summary>
public sealed class OutboxQueue(IResourceStore store, TimeProvider? time = null)
{
    private readonly SqlResourceStore _store = store as SqlResourceStore ?? throw new ArgumentException("the outbox works on the SQL store", nameof(store));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Rows per handler and state.</summary>
    public async Task<IReadOnlyList<OutboxCount>> CountsAsync(CancellationToken ct = default)
    {
        await using var connection = await _store.Dialect.OpenAsync(ct).ConfigureAwait(false);
        await using var command = SqlCommands.Create(connection, null, "SELECT handler, state, COUNT(*) FROM outbox_deliveries GROUP BY handler, state ORDER BY handler, state", []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var counts = new List<OutboxCount>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            counts.Add(new OutboxCount(reader.GetString(0), (DeliveryState)Convert.ToInt16(reader.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture)));
        }
        return counts;
    }

    /// <summary>Dead deliveries, oldest first, with the number dead per handler (over all of them, not just the page).</summary>
    public async Task<DeadLetters> ListDeadAsync(string? handler = null, int limit = 100, CancellationToken ct = default)
    {
        var counts = (await CountsAsync(ct).ConfigureAwait(false))
            .Where(c => c.State == DeliveryState.Dead && (handler is null || c.Handler == handler))
            .ToDictionary(c => c.Handler, c => c.Count, StringComparer.Ordinal);
        var p = new SqlParameters();
        var filter = handler is null ? "" : " AND handler = " + p.Add(handler);
        var sql = $"SELECT seq, handler, kind, resource_type, resource_id, version_id, method, {_store.Dialect.JsonText("payload")}, attempts, created_at, last_error FROM outbox_deliveries WHERE state = 2{filter} ORDER BY seq LIMIT {p.Add(limit)}";
        await using var connection = await _store.Dialect.OpenAsync(ct).ConfigureAwait(false);
        await using var command = SqlCommands.Create(connection, null, sql, p.Values);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var items = new List<DeadLetter>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            items.Add(new DeadLetter(ReadMessage(reader), reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return new DeadLetters(counts, items);
    }

    /// <summary>Puts dead deliveries of a handler back to pending, due now, with their attempts reset; all of them when <paramref name="seqs"/> is null.</summary>
    /// <returns>The number of deliveries replayed.</returns>
    public Task<int> ReplayAsync(string handler, IReadOnlyCollection<long>? seqs = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(handler);
        return _store.InWriteAsync(async (connection, transaction) =>
        {
            var replayed = 0;
            foreach (var chunk in seqs is null ? [null] : seqs.Chunk(Math.Max(1, _store.Dialect.MaxParameters - 1)).Select(c => (long[]?)c))
            {
                var p = new SqlParameters();
                var sql = $"UPDATE outbox_deliveries SET state = 0, attempts = 0, due_at = 0, lease_owner = NULL, lease_until = NULL WHERE state = 2 AND handler = {p.Add(handler)}";
                if (chunk is not null)
                {
                    sql += $" AND seq IN ({string.Join(", ", chunk.Select(s => p.Add(s)))})";
                }
                replayed += await SqlCommands.ExecuteAsync(connection, transaction, sql, p.Values, ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            if (replayed > 0)
            {
                _store.OutboxWritten.Set();
            }
            return replayed;
        }, ct);
    }

    /// <summary>Deletes delivered rows finished longer than <paramref name="age"/> ago; returns how many.</summary>
    public Task<int> PurgeDoneAsync(TimeSpan age, CancellationToken ct = default) => _store.InWriteAsync(async (connection, transaction) =>
    {
        var deleted = await SqlCommands.ExecuteAsync(connection, transaction, "DELETE FROM outbox_deliveries WHERE state = 1 AND done_at < @p0",
            [(_time.GetUtcNow() - age).UtcTicks], ct).ConfigureAwait(false);
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return deleted;
    }, ct);

    /// <summary>Reads the first ten columns in the order the dispatcher's and this class's queries select them.</summary>
    internal static OutboxMessage ReadMessage(DbDataReader reader) => new(
        Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
        reader.GetString(1),
        reader.GetString(2),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.IsDBNull(5) ? null : Convert.ToInt32(reader.GetValue(5), CultureInfo.InvariantCulture),
        reader.IsDBNull(6) ? null : (StoredMethod)Convert.ToInt32(reader.GetValue(6), CultureInfo.InvariantCulture),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        Convert.ToInt32(reader.GetValue(8), CultureInfo.InvariantCulture),
        new DateTimeOffset(Convert.ToInt64(reader.GetValue(9), CultureInfo.InvariantCulture), TimeSpan.Zero));
}

public sealed record OutboxCount(string Handler, DeliveryState State, long Count);

/// <param name="Error">The last failure: exception type and a short message.</param>
public sealed record DeadLetter(OutboxMessage Message, string? Error);

/// <param name="CountByHandler">Dead deliveries per handler, all of them.</param>
/// <param name="Items">The page asked for, oldest first.</param>
public sealed record DeadLetters(IReadOnlyDictionary<string, long> CountByHandler, IReadOnlyList<DeadLetter> Items);
