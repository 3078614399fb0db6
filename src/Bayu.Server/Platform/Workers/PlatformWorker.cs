namespace Bayu.Server.Platform.Workers;

/// <summary>
/// Runs one of the platform's loops (the outbox dispatcher, the job runner) for the life of the
/// host — the server, or a <c>bayu worker</c>. On stop, claimed work is handed back or left to its lease.
/// </summary>
internal sealed partial class PlatformWorker(string name, string owner, Func<CancellationToken, Task> run, ILogger<PlatformWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, name, owner);
        try
        {
            await run(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker} worker {Owner} started")]
    private static partial void LogStarted(ILogger logger, string worker, string owner);
}
