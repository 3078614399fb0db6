using System.Collections.Concurrent;
using Bayu.Storage.Outbox;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bayu.Storage.Jobs;

/// <summary>
/// Runs durable jobs: claims a queued job, or a running one whose lease expired (its runner died),
/// under a lease it renews by heartbeat (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>, so several
/// runners share the jobs), and gives the handler the last checkpoint to resume from. Disposing
/// stops the runner: handlers are cancelled and their jobs handed back for another runner; one
/// that does not stop within <see cref="JobRunnerOptions.ShutdownTimeout"/> is abandoned as a
/// crash would leave it, and its job is resumed once the lease expires.
/// </summary>
public sealed class JobRunner : IAsyncDisposable
{
    private readonly SqlResourceStore _store;
    private readonly Dictionary<string, IJobHandler> _handlers;
    private readonly JobRunnerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    // Fires when stopping gives up waiting: from then on this runner writes nothing, as if dead.
    private readonly CancellationTokenSource _abandoned = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public JobRunner(IResourceStore store, IEnumerable<IJobHandler> handlers, JobRunnerOptions? options = null, TimeProvider? time = null, ILogger<JobRunner>? logger = null)
    {
        _store = store as SqlResourceStore ?? throw new ArgumentException("jobs work on the SQL store", nameof(store));
        ArgumentNullException.ThrowIfNull(handlers);
        _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        _options = options ?? new JobRunnerOptions();
        _options.Validate();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>This runner's lease owner name, unique per instance.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Claims one job and runs it until it ends or stops; false when none was waiting.</summary>
    public async Task<bool> RunOnceAsync(CancellationToken ct = default)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_handlers.Count == 0)
        {
            return false;
        }
        var job = await ClaimAsync(ct).ConfigureAwait(false);
        if (job is null)
        {
            return false;
        }
        var run = ExecuteAsync(job, ct);
        _running.TryAdd(run, 0);
        try
        {
            await run.ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(run, out _);
        }
        return true;
    }

    /// <summary>Runs jobs, <see cref="JobRunnerOptions.MaxConcurrentJobs"/> at a time, until <paramref name="ct"/> is cancelled or the runner is disposed.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        await Task.WhenAll(Enumerable.Range(0, _options.MaxConcurrentJobs).Select(_ => SlotAsync(stop.Token))).ConfigureAwait(false);
    }

    private async Task SlotAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var wake = _store.JobsChanged.Next;
            var ran = false;
            try
            {
                ran = await RunOnceAsync(ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "Job claim failed; retrying after {PollInterval}", _options.PollInterval);
            }
            if (!ran)
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

    private Task<JobStatus?> ClaimAsync(CancellationToken ct) => _store.InWriteAsync(async (connection, transaction) =>
    {
        var now = _time.GetUtcNow().UtcTicks;
        var p = new SqlParameters();
        var kinds = string.Join(", ", _handlers.Keys.Select(k => p.Add(k)));
        var at = p.Add(now);
        var skipLocked = _store.Dialect.SkipLocked;
        await SqlCommands.ExecuteAsync(connection, transaction, $"""
            UPDATE jobs SET state = 3, error = 'abandoned: its runner stopped without finishing it too many times', finished_at = {at}, lease_owner = NULL, lease_until = NULL
            WHERE id IN (SELECT j.id FROM jobs j WHERE j.kind IN ({kinds}) AND j.state = 1 AND j.lease_until <= {at} AND j.attempts >= {p.Add(_options.MaxAttempts)}{skipLocked})
            """, p.Values, ct).ConfigureAwait(false);
        var sql = $"""
            UPDATE jobs SET state = 1, lease_owner = {p.Add(Owner)}, lease_until = {p.Add(now + _options.LeaseDuration.Ticks)}, attempts = attempts + 1, started_at = COALESCE(started_at, {at})
            WHERE id IN (SELECT j.id FROM jobs j WHERE j.kind IN ({kinds}) AND (j.state = 0 OR (j.state = 1 AND j.lease_until <= {at}))
                ORDER BY j.created_at, j.id LIMIT 1{skipLocked})
            RETURNING {JobQueue.Columns(_store.Dialect)}
            """;
        JobStatus? job = null;
        await using (var command = SqlCommands.Create(connection, transaction, sql, p.Values))
        await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                job = JobQueue.Read(reader);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return job;
    }, ct);

    private async Task ExecuteAsync(JobStatus job, CancellationToken ct)
    {
        if (job.CancelRequested)
        {
            // Cancellation was asked of a runner that then died: honour it without running.
            await FinishAsync(job.Id, JobState.Cancelled, null, null).ConfigureAwait(false);
            return;
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(_abandoned.Token);
        var lease = new LeaseState();
        var heartbeat = HeartbeatAsync(job.Id, lease, cancel, heartbeatStop.Token);
        var context = new JobContext(job, cancel.Token, (done, total, checkpoint, token) => ReportAsync(job.Id, done, total, checkpoint, lease, token));
        (JobState State, string? Result, string? Error)? outcome;
        try
        {
            var result = await _handlers[job.Kind].RunAsync(context).ConfigureAwait(false);
            outcome = (JobState.Succeeded, result, null);
        }
        catch (Exception) when (lease.Lost)
        {
            outcome = null;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Asked to cancel: the job ends here. Stopping: the job goes back to the queue, to resume from its checkpoint.
            outcome = lease.CancelRequested ? (JobState.Cancelled, null, null) : (JobState.Queued, null, null);
        }
        catch (Exception e)
        {
            outcome = (JobState.Failed, null, ErrorText.Of(e));
            _logger.LogWarning("Job {JobId} ({Kind}) failed: {Error}", job.Id, job.Kind, e.GetType().Name);
        }
        finally
        {
            await heartbeatStop.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
        }
        if (outcome is { } o && !_abandoned.IsCancellationRequested)
        {
            await FinishAsync(job.Id, o.State, o.Result, o.Error).ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync(string id, LeaseState lease, CancellationTokenSource cancel, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await WakeSignal.WaitAsync(_store.JobsChanged.Next, _options.HeartbeatInterval, _time, stop).ConfigureAwait(false);
                var now = _time.GetUtcNow().UtcTicks;
                var cancelRequested = await _store.InWriteAsync(async (connection, transaction) =>
                {
                    await using var command = SqlCommands.Create(connection, transaction,
                        "UPDATE jobs SET lease_until = @p0 WHERE id = @p1 AND lease_owner = @p2 AND state = 1 RETURNING cancel_requested",
                        [now + _options.LeaseDuration.Ticks, id, Owner]);
                    var value = await command.ExecuteScalarAsync(stop).ConfigureAwait(false);
                    await transaction.CommitAsync(stop).ConfigureAwait(false);
                    return value is null or DBNull ? (bool?)null : Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
                }, stop).ConfigureAwait(false);
                if (cancelRequested is null)
                {
                    lease.Lost = true;
                    await cancel.CancelAsync().ConfigureAwait(false);
                    return;
                }
                if (cancelRequested.Value && !lease.CancelRequested)
                {
                    lease.CancelRequested = true;
                    await cancel.CancelAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A missed heartbeat is not fatal while the lease lasts; the next one tries again.
                _logger.LogWarning(e, "Job {JobId} heartbeat failed", id);
            }
        }
    }

    private async Task ReportAsync(string id, long done, long? total, string? checkpoint, LeaseState lease, CancellationToken ct)
    {
        if (_abandoned.IsCancellationRequested || lease.Lost)
        {
            lease.Lost = true;
            throw new JobLeaseLostException(id);
        }
        var now = _time.GetUtcNow().UtcTicks;
        var changed = await _store.InWriteAsync(async (connection, transaction) =>
        {
            var changed = await SqlCommands.ExecuteAsync(connection, transaction,
                $"UPDATE jobs SET progress_done = @p0, progress_total = @p1, checkpoint = {_store.Dialect.JsonValue("@p2")}, lease_until = @p3 WHERE id = @p4 AND lease_owner = @p5 AND state = 1",
                [done, total, checkpoint, now + _options.LeaseDuration.Ticks, id, Owner], ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return changed;
        }, ct).ConfigureAwait(false);
        if (changed == 0)
        {
            lease.Lost = true;
            throw new JobLeaseLostException(id);
        }
    }

    /// <summary>Records how the job ended (or hands it back when <paramref name="state"/> is Queued), if it is still this runner's.</summary>
    private Task FinishAsync(string id, JobState state, string? result, string? error) => _store.InWriteAsync(async (connection, transaction) =>
    {
        var sql = state == JobState.Queued
            // Handed back, not tried and failed: the claim is not counted against MaxAttempts.
            ? "UPDATE jobs SET state = 0, attempts = attempts - 1, lease_owner = NULL, lease_until = NULL WHERE id = @p0 AND lease_owner = @p1 AND state = 1"
            : $"UPDATE jobs SET state = @p2, result = {_store.Dialect.JsonValue("@p3")}, error = @p4, finished_at = @p5, lease_owner = NULL, lease_until = NULL WHERE id = @p0 AND lease_owner = @p1 AND state = 1";
        object?[] values = state == JobState.Queued ? [id, Owner] : [id, Owner, (short)state, result, error, _time.GetUtcNow().UtcTicks];
        await SqlCommands.ExecuteAsync(connection, transaction, sql, values, CancellationToken.None).ConfigureAwait(false);
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }, CancellationToken.None);

    /// <summary>Stops the runner: cancels its handlers, waits up to the shutdown timeout, then abandons what still runs.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        var running = Task.WhenAll(_running.Keys);
        var finished = await Task.WhenAny(running, Task.Delay(_options.ShutdownTimeout, _time)).ConfigureAwait(false);
        if (finished != running)
        {
            await _abandoned.CancelAsync().ConfigureAwait(false);
            _logger.LogWarning("Job runner {Owner} abandoned {Count} job(s) that did not stop in time; they resume elsewhere when their lease expires", Owner, _running.Count);
        }
        else
        {
            // Observe a failure of a run (its caller sees it too); stopping must not throw for it.
            _ = running.Exception;
        }
        // Not disposed: a handler abandoned above may still hold their tokens.
        GC.SuppressFinalize(this);
    }

    private sealed class LeaseState
    {
        private volatile bool _lost;
        private volatile bool _cancelRequested;

        public bool Lost { get => _lost; set => _lost = value; }

        public bool CancelRequested { get => _cancelRequested; set => _cancelRequested = value; }
    }
}
