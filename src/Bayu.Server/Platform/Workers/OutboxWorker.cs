using Bayu.Storage.Outbox;

namespace Bayu.Server.Platform.Workers;

/// <summary>Runs the outbox dispatcher for the life of the host (the server, or a <c>bayu worker</c>).</summary>
internal sealed partial class OutboxWorker(OutboxDispatcher dispatcher, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, dispatcher.Owner);
        try
        {
            await dispatcher.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: claimed rows not yet handled are left to their lease.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox worker {Owner} started")]
    private static partial void LogStarted(ILogger logger, string owner);
}
