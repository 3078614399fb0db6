namespace Bayu.Storage.Store;

/// <summary>
/// Wakes in-process workers when there is new work (a committed delivery, an enqueued job), so
/// they need not poll fast; workers in other processes still find it at their next poll.
/// </summary>
internal sealed class WakeSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Set"/>; take it before looking for work, so a Set in between is not missed.</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    public void Set() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="next"/> or the timeout, whichever comes first; cancellation throws.</summary>
    public static async Task WaitAsync(Task next, TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var delay = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var sleep = Task.Delay(timeout, time, delay.Token);
        await Task.WhenAny(next, sleep).ConfigureAwait(false);
        await delay.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }
}
