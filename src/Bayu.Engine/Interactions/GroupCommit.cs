using System.Collections.Concurrent;
using Bayu.Engine.Errors;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Engine.Interactions;

/// <summary>
/// Group commit for prepared plain creates: concurrent requests queue their writes, and whoever
/// gets the turn commits everything queued in one transaction. A commit costs the same for one
/// row or a hundred (SQLite writes whole WAL pages, PostgreSQL flushes its WAL), so under load
/// each request pays a fraction of one. Every write is acknowledged only after its commit.
/// </summary>
internal sealed class GroupCommit(IResourceStore store)
{
    private const int MaxBatch = 256;

    // A group also ends at this much JSON, so a turn's cost stays bounded: small creates queued
    // behind a multi-megabyte one wait for that one alone, not for everything else queued with it.
    private const long MaxBatchChars = 2 * 1024 * 1024;

    private readonly ConcurrentQueue<Pending> _queue = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task<WriteResult> CommitAsync(ResourceWrite write, WriteResult result, CancellationToken ct)
    {
        var pending = new Pending(write, result);
        _queue.Enqueue(pending);
        await _turn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // A previous turn may have committed this write already, with others.
            if (!pending.Done.Task.IsCompleted)
            {
                var batch = new List<Pending>();
                long chars = 0;
                // Only the turn's holder dequeues, so what it peeks is what it takes.
                while (batch.Count < MaxBatch && _queue.TryPeek(out var next)
                    && (batch.Count == 0 || chars + Size(next) <= MaxBatchChars) && _queue.TryDequeue(out next))
                {
                    batch.Add(next);
                    chars += Size(next);
                }
                await CommitBatchAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
        return await pending.Done.Task.ConfigureAwait(false);
    }

    private async Task CommitBatchAsync(List<Pending> batch)
    {
        try
        {
            await WriteAsync(batch).ConfigureAwait(false);
            batch.ForEach(p => p.Done.TrySetResult(p.Result));
        }
        catch (Exception) when (batch.Count > 1)
        {
            // One write must not fail the others: commit them one by one, each with its own answer.
            foreach (var pending in batch)
            {
                await CommitAloneAsync(pending).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(Translate(e));
        }
    }

    private async Task CommitAloneAsync(Pending pending)
    {
        ConcurrencyConflictException conflict;
        try
        {
            await WriteAsync([pending]).ConfigureAwait(false);
            pending.Done.TrySetResult(pending.Result);
            return;
        }
        catch (ConcurrencyConflictException e)
        {
            conflict = e;
        }
        catch (Exception e)
        {
            pending.Done.TrySetException(Translate(e));
            return;
        }
        // The group's commit may have gone through with only its answer lost (the connection broke
        // after COMMIT): then this version is stored already, and a 409 would refuse a write that
        // is in the store and whose events are delivered. The id is new and the engine's alone, so
        // a stored version with this id, number and timestamp is this write.
        try
        {
            var version = pending.Write.Version;
            var stored = await store.ReadVersionAsync(version.ResourceType, version.Id, version.VersionId, CancellationToken.None).ConfigureAwait(false);
            if (stored is not null && stored.LastUpdated == version.LastUpdated)
            {
                pending.Done.TrySetResult(pending.Result);
            }
            else
            {
                pending.Done.TrySetException(Translate(conflict));
            }
        }
        catch (Exception e)
        {
            // Unknown then: the answer says the database failed, not that the write was refused.
            pending.Done.TrySetException(e);
        }
    }

    // Once queued, a write is committed even if its request is cancelled meanwhile: the outcome
    // must not depend on which request happened to hold the turn.
    private async Task WriteAsync(List<Pending> batch)
    {
        await using var session = await store.BeginAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var pending in batch)
        {
            await session.WriteAsync(pending.Write, CancellationToken.None).ConfigureAwait(false);
        }
        await session.CommitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private static long Size(Pending pending) => pending.Write.Version.Json?.Length ?? 0;

    private static Exception Translate(Exception e) => e is ConcurrencyConflictException conflict
        ? FhirError.Conflict(conflict)
        : e;

    private sealed record Pending(ResourceWrite Write, WriteResult Result)
    {
        public TaskCompletionSource<WriteResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
