using Bayu.Storage.Jobs;

namespace Bayu.Server.Platform.Workers;

/// <summary>Runs the durable job runner for the life of the host; on stop, running jobs are handed back or left to their lease.</summary>
internal sealed partial class JobWorker(JobRunner runner, ILogger<JobWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, runner.Owner);
        try
        {
            await runner.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {Owner} started")]
    private static partial void LogStarted(ILogger logger, string owner);
}
