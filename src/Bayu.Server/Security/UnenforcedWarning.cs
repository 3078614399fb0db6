namespace Bayu.Server.Security;

/// <summary>Says loudly, at every start, that <c>Bayu:Security:Enforce=false</c> serves everyone without a token.</summary>
internal sealed partial class UnenforcedWarning(ILogger<UnenforcedWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogUnenforced(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "SECURITY NOT ENFORCED (Bayu:Security:Enforce=false): every endpoint answers without a token. Only for benchmarks on loopback.")]
    private static partial void LogUnenforced(ILogger logger);
}
