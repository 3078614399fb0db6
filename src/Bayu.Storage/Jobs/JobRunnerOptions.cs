namespace Bayu.Storage.Jobs;

/// <summary>How a <see cref="JobRunner"/> claims and keeps its jobs.</summary>
public sealed record JobRunnerOptions
{
    /// <summary>How long a job stays this runner's without a heartbeat; past it another runner resumes it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the lease is renewed and a cancellation request looked for.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Sleep between claims that found nothing; an enqueue in this process wakes the runner earlier.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Jobs run at once by <see cref="JobRunner.RunAsync"/>.</summary>
    public int MaxConcurrentJobs { get; init; } = 1;

    /// <summary>A job claimed this many times whose runner then vanished again is failed, so a job that kills its process does not loop forever.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>How long stopping waits for handlers to stop before abandoning them as a crash would.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    internal void Validate()
    {
        if (MaxConcurrentJobs < 1 || MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(JobRunnerOptions), "MaxConcurrentJobs and MaxAttempts must be at least 1");
        }
        if (HeartbeatInterval <= TimeSpan.Zero || LeaseDuration <= HeartbeatInterval || PollInterval <= TimeSpan.Zero || ShutdownTimeout < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(JobRunnerOptions), "intervals must be positive and LeaseDuration longer than HeartbeatInterval");
        }
    }
}
