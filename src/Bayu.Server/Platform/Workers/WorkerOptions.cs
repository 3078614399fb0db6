using System.ComponentModel.DataAnnotations;

namespace Bayu.Server.Platform.Workers;

/// <summary>
/// Section <c>Bayu:Workers</c>: where background work (outbox deliveries, durable jobs) runs. By
/// default inside the server, so the embedded default stays one command; with
/// <c>InProcess=false</c> the server only enqueues and <c>bayu worker</c> processes (same
/// configuration) do the work — as many as wanted on PostgreSQL, which they share safely.
/// </summary>
public sealed class WorkerOptions
{
    public const string Section = "Bayu:Workers";

    public bool InProcess { get; set; } = true;

    [Range(1, 10_000)]
    public int OutboxBatchSize { get; set; } = 100;

    [Range(1, 64)]
    public int OutboxParallelism { get; set; } = 4;

    [Range(1, 1_000)]
    public int OutboxMaxAttempts { get; set; } = 10;

    [Range(1, 3_600)]
    public int LeaseSeconds { get; set; } = 60;

    [Range(10, 60_000)]
    public int PollMilliseconds { get; set; } = 1_000;

    [Range(0, 3_600_000)]
    public int BackoffBaseMilliseconds { get; set; } = 1_000;

    [Range(0, 86_400_000)]
    public int BackoffMaxMilliseconds { get; set; } = 600_000;

    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 1;

    [Range(1, 1_000)]
    public int JobMaxAttempts { get; set; } = 5;

    public Bayu.Storage.Jobs.JobRunnerOptions ToJobRunnerOptions() => new()
    {
        LeaseDuration = TimeSpan.FromSeconds(LeaseSeconds),
        // A third of the lease: two heartbeats may be missed before another runner takes the job.
        HeartbeatInterval = TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds / 3.0)),
        PollInterval = TimeSpan.FromMilliseconds(PollMilliseconds),
        MaxConcurrentJobs = MaxConcurrentJobs,
        MaxAttempts = JobMaxAttempts,
    };

    public Bayu.Storage.Outbox.OutboxOptions ToOutboxOptions() => new()
    {
        BatchSize = OutboxBatchSize,
        MaxParallelism = OutboxParallelism,
        MaxAttempts = OutboxMaxAttempts,
        LeaseDuration = TimeSpan.FromSeconds(LeaseSeconds),
        PollInterval = TimeSpan.FromMilliseconds(PollMilliseconds),
        BackoffBase = TimeSpan.FromMilliseconds(BackoffBaseMilliseconds),
        BackoffMax = TimeSpan.FromMilliseconds(Math.Max(BackoffMaxMilliseconds, BackoffBaseMilliseconds)),
    };
}
