namespace Bayu.Storage.Jobs;

/// <summary>What a job handler gets: its parameters, where to resume, and how to save progress.</summary>
public sealed class JobContext
{
    private readonly Func<long, long?, string?, CancellationToken, Task> _report;

    internal JobContext(JobStatus job, CancellationToken cancellationToken, Func<long, long?, string?, CancellationToken, Task> report)
    {
        JobId = job.Id;
        Kind = job.Kind;
        Parameters = job.Parameters;
        Checkpoint = job.Checkpoint;
        Done = job.Done;
        Total = job.Total;
        Attempt = job.Attempts;
        CancellationToken = cancellationToken;
        _report = report;
    }

    public string JobId { get; }

    public string Kind { get; }

    public string? Parameters { get; }

    /// <summary>The last saved checkpoint: null on a first run, else resume from here.</summary>
    public string? Checkpoint { get; private set; }

    public long Done { get; private set; }

    public long? Total { get; private set; }

    /// <summary>1 on the first run; more when resuming after a runner stopped or died.</summary>
    public int Attempt { get; }

    /// <summary>Fires when cancellation is requested, the runner stops, or its lease is lost.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Saves progress and checkpoint together, in one statement: a resumed run starts from exactly
    /// what was saved. Throws <see cref="JobLeaseLostException"/> when the job is no longer this runner's.
    /// </summary>
    public async Task ReportAsync(long done, long? total, string? checkpoint)
    {
        // Not cancelled by CancellationToken: a handler that stops on cancellation may still save where it got to.
        await _report(done, total, checkpoint, CancellationToken.None).ConfigureAwait(false);
        Done = done;
        Total = total;
        Checkpoint = checkpoint;
    }
}
