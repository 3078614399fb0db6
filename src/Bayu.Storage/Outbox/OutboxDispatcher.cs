using System.Data.Common;
using System.Globalization;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bayu.Storage.Outbox;

/// <summary>
/// Delivers outbox rows to their handlers, at least once. Each round claims a batch in a short
/// transaction that sets this worker's lease (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so several
/// processes share the queue; SQLite: its write lock serialises claims, one dispatcher per process),
/// handles it outside any transaction, then records the outcomes in one more. A failure is retried
/// after a jittered exponential backoff and is dead after <see cref="OutboxOptions.MaxAttempts"/>.
/// A worker that dies leaves its lease to expire, and another worker claims the rows again.
/// </summary>
public sealed class OutboxDispatcher
{
    private readonly SqlResourceStore _store;
    private readonly Dictionary<string, IOutboxHandler> _handlers;
    private readonly OutboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public OutboxDispatcher(IResourceStore store, IEnumerable<IOutboxHandler> handlers, OutboxOptions? options = null, TimeProvider? time = null, ILogger<OutboxDispatcher>? logger = null)
    {
        _store = store as SqlResourceStore ?? throw new ArgumentException("the outbox works on the SQL store", nameof(store));
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = handlers.ToDictionary(h => h.Name, StringComparer.Ordinal);
        _options = options ?? new OutboxOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>This worker's lease owner name, unique per instance.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims, handles and records one batch; returns the number of deliveries claimed (0: nothing due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        if (_handlers.Count == 0)
        {
            return 0;
        }
        var batch = await ClaimAsync(ct).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return 0;
        }
        var outcomes = new Outcome[batch.Count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count), new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism, CancellationToken = ct }, async (i, token) =>
            {
                try
                {
                    await _handlers[batch[i].Handler].HandleAsync(batch[i], token).ConfigureAwait(false);
                    outcomes[i] = Outcome.Done;
                }
                catch (Exception e) when (!token.IsCancellationRequested)
                {
                    outcomes[i] = new Outcome(e);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: what finished is recorded, the rest is handed back at once instead of
            // waiting out its lease (below, with CancellationToken.None).
        }
        await RecordAsync(batch, outcomes, ct.IsCancellationRequested ? CancellationToken.None : ct).ConfigureAwait(false);
        return batch.Count;
    }

    /// <summary>Runs rounds until <paramref name="ct"/> is cancelled; idle, it sleeps the poll interval or until a local commit.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var wake = _store.OutboxWritten.Next;
            int claimed;
            try
            {
                claimed = await RunOnceAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // The database is away or busy: try again at the next poll rather than stop delivering.
                _logger.LogWarning(e, "Outbox round failed; retrying after {PollInterval}", _options.PollInterval);
                claimed = 0;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (claimed == 0)
            {
                try
                {
                    await WakeSignal.WaitAsync(wake, _options.PollInterval, _time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private Task<List<OutboxMessage>> ClaimAsync(CancellationToken ct) => _store.InWriteAsync(async (connection, transaction) =>
    {
        var now = _time.GetUtcNow().UtcTicks;
        var dialect = _store.Dialect;
        var p = new SqlParameters();
        var handlers = string.Join(", ", _handlers.Keys.Select(h => p.Add(h)));
        var nowParameter = p.Add(now);
        var maxAttempts = p.Add(_options.MaxAttempts);
        // A delivery whose worker died during its last allowed attempt is dead, not handed out again:
        // a message that crashes every worker must not keep the queue in a crash loop.
        await SqlCommands.ExecuteAsync(connection, transaction, $"""
            UPDATE outbox_deliveries SET state = 2, lease_owner = NULL, lease_until = NULL, last_error = 'lease expired during the last attempt'
            WHERE seq IN (SELECT c.seq FROM outbox_deliveries c WHERE c.state = 0 AND c.handler IN ({handlers})
                AND c.lease_until IS NOT NULL AND c.lease_until <= {nowParameter} AND c.attempts >= {maxAttempts}{dialect.SkipLocked})
            """, p.Values, ct).ConfigureAwait(false);
        var sql = $"""
            UPDATE outbox_deliveries SET lease_owner = {p.Add(Owner)}, lease_until = {p.Add(now + _options.LeaseDuration.Ticks)}, attempts = attempts + 1
            WHERE seq IN (SELECT c.seq FROM outbox_deliveries c
                WHERE c.state = 0 AND c.handler IN ({handlers}) AND c.due_at <= {nowParameter}
                  AND (c.lease_until IS NULL OR c.lease_until <= {nowParameter})
                  AND (c.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_deliveries e
                      WHERE e.handler = c.handler AND e.ordering_key = c.ordering_key AND e.seq < c.seq AND e.state <> 1))
                ORDER BY c.seq LIMIT {p.Add(_options.BatchSize)}{dialect.SkipLocked})
            RETURNING seq, handler, kind, resource_type, resource_id, version_id, method, {dialect.JsonText("payload")}, attempts, created_at
            """;
        var claimed = new List<OutboxMessage>();
        await using (var command = SqlCommands.Create(connection, transaction, sql, p.Values))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                claimed.Add(OutboxQueue.ReadMessage(reader));
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        claimed.Sort((a, b) => a.Seq.CompareTo(b.Seq));
        return claimed;
    }, ct);

    private Task RecordAsync(List<OutboxMessage> batch, Outcome[] outcomes, CancellationToken ct) => _store.InWriteAsync(async (connection, transaction) =>
    {
        var now = _time.GetUtcNow().UtcTicks;
        var done = batch.Where((_, i) => outcomes[i] == Outcome.Done).Select(m => (object?)m.Seq).ToList();
        foreach (var chunk in done.Chunk(Math.Max(1, _store.Dialect.MaxParameters - 2)))
        {
            var p = new SqlParameters();
            var owner = p.Add(Owner);
            var at = p.Add(now);
            await SqlCommands.ExecuteAsync(connection, transaction,
                $"UPDATE outbox_deliveries SET state = 1, lease_owner = NULL, lease_until = NULL, done_at = {at} WHERE lease_owner = {owner} AND seq IN ({string.Join(", ", chunk.Select(p.Add))})",
                p.Values, ct).ConfigureAwait(false);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            if (outcomes[i] is { Error: { } error })
            {
                var dead = message.Attempt >= _options.MaxAttempts;
                var due = now + OutboxBackoff.Delay(message.Attempt, _options.BackoffBase, _options.BackoffMax, Random.Shared.NextDouble()).Ticks;
                await SqlCommands.ExecuteAsync(connection, transaction,
                    "UPDATE outbox_deliveries SET state = @p0, due_at = @p1, last_error = @p2, lease_owner = NULL, lease_until = NULL WHERE seq = @p3 AND lease_owner = @p4",
                    [(short)(dead ? DeliveryState.Dead : DeliveryState.Pending), due, ErrorText.Of(error), message.Seq, Owner], ct).ConfigureAwait(false);
                if (dead)
                {
                    _logger.LogWarning("Outbox delivery {Seq} to {Handler} is dead after {Attempts} attempts: {Error}", message.Seq, message.Handler, message.Attempt, error.GetType().Name);
                }
            }
            else if (outcomes[i] is null)
            {
                // Not handled (stopping): handed back as it was, the attempt not counted.
                await SqlCommands.ExecuteAsync(connection, transaction,
                    "UPDATE outbox_deliveries SET attempts = attempts - 1, lease_owner = NULL, lease_until = NULL WHERE seq = @p0 AND lease_owner = @p1",
                    [message.Seq, Owner], ct).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }, ct);

    private sealed record Outcome(Exception? Error)
    {
        public static readonly Outcome Done = new((Exception?)null);
    }
}

/// <summary>What a failure leaves in a row: the exception's type and a short message, never a stack or data.</summary>
internal static class ErrorText
{
    private const int MaxMessage = 200;

    public static string Of(Exception e)
    {
        var message = e.Message.ReplaceLineEndings(" ");
        return e.GetType().FullName + ": " + (message.Length > MaxMessage ? message[..MaxMessage] + "…" : message);
    }
}
