namespace Bayu.Storage.Outbox;

/// <summary>How an <see cref="OutboxDispatcher"/> claims, retries and gives up.</summary>
public sealed record OutboxOptions
{
    /// <summary>Deliveries claimed per round.</summary>
    public int BatchSize { get; init; } = 100;

    /// <summary>How long a claimed batch is this worker's; past it (a crashed worker) another worker takes it again.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Sleep between rounds that found nothing; a commit in this process wakes the dispatcher earlier.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries of one batch handled at once.</summary>
    public int MaxParallelism { get; init; } = 4;

    /// <summary>After this many failed attempts a delivery is dead (kept, listed, replayable).</summary>
    public int MaxAttempts { get; init; } = 10;

    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan BackoffMax { get; init; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        if (BatchSize < 1 || MaxParallelism < 1 || MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(OutboxOptions), "BatchSize, MaxParallelism and MaxAttempts must be at least 1");
        }
        if (LeaseDuration <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || BackoffBase < TimeSpan.Zero || BackoffMax < BackoffBase)
        {
            throw new ArgumentOutOfRangeException(nameof(OutboxOptions), "LeaseDuration and PollInterval must be positive and BackoffMax at least BackoffBase");
        }
    }
}

/// <summary>Retry delays: exponential from a base, capped, with jitter so failed deliveries do not retry in lockstep.</summary>
public static class OutboxBackoff
{
    /// <summary>
    /// The delay after failed attempt <paramref name="attempt"/> (1-based): min(max, base·2^(attempt-1)),
    /// of which the upper half is jittered by <paramref name="random"/> in [0, 1).
    /// </summary>
    public static TimeSpan Delay(int attempt, TimeSpan @base, TimeSpan max, double random)
    {
        var exponential = @base.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 62));
        var capped = Math.Min(exponential, max.Ticks);
        return TimeSpan.FromTicks((long)(capped / 2 + capped / 2 * Math.Clamp(random, 0, 1)));
    }
}
