namespace Bayu.Storage.Jobs;

public enum JobState : short
{
    Queued = 0,
    Running = 1,
    Succeeded = 2,
    Failed = 3,
    Cancelled = 4,
}

/// <summary>A job as stored.</summary>
/// <param name="Done">Units of work done, as last reported.</param>
/// <param name="Total">Units of work in all, when the handler knows.</param>
/// <param name="Checkpoint">The handler's last saved resume point (JSON).</param>
/// <param name="Error">Why it failed: exception type and a short message.</param>
/// <param name="Attempts">Times a runner has claimed it (more than 1: resumed after a runner stopped or died).</param>
public sealed record JobStatus(
    string Id,
    string Kind,
    JobState State,
    string? Parameters,
    long Done,
    long? Total,
    string? Checkpoint,
    string? Result,
    string? Error,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    bool CancelRequested)
{
    public bool IsFinished => State is JobState.Succeeded or JobState.Failed or JobState.Cancelled;
}

/// <summary>Runs the jobs of one kind.</summary>
/// <remarks>
/// A job may be stopped anywhere (shutdown, a crash) and resumed by another runner from its last
/// checkpoint, so the handler must be idempotent from a checkpoint: redoing the work between the
/// last checkpoint and the stop must give the same end state.
/// </remarks>
public interface IJobHandler
{
    string Kind { get; }

    /// <summary>Does the work; returns the result JSON (or null). Stop when <see cref="JobContext.CancellationToken"/> fires.</summary>
    Task<string?> RunAsync(JobContext context);
}

/// <summary>The runner lost a job's lease (it expired and another runner took the job): stop, the other runner goes on.</summary>
public sealed class JobLeaseLostException(string jobId) : Exception($"job {jobId} is no longer this runner's");
