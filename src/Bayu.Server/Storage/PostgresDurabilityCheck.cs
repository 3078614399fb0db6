using Bayu.Storage.Postgres;

namespace Bayu.Server.Storage;

/// <summary>
/// Bayu answers a write once its commit returns, and tells the client it is stored: that holds on
/// PostgreSQL only with <c>synchronous_commit</c> on (any value but <c>off</c> flushes the WAL
/// locally before the commit returns). Refused at start-up unless the operator accepts the risk.
/// </summary>
internal static class PostgresDurabilityCheck
{
    public static async Task RunAsync(StorageOptions options, ILogger logger, CancellationToken ct)
    {
        var settings = await PostgresDurability.ReadAsync(options.PostgresConnectionString!, ct).ConfigureAwait(false);
        if (Refusal(settings, options.AllowAsynchronousCommit) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
        if (settings.AsynchronousCommit)
        {
            logger.LogWarning("DURABILITY AT RISK: PostgreSQL runs with synchronous_commit = off and Bayu:Storage:AllowAsynchronousCommit is true: writes acknowledged in the last moments before a database server crash or power cut will be lost");
        }
        if (settings.FsyncOff)
        {
            logger.LogWarning("DURABILITY AT RISK: PostgreSQL runs with fsync = off: an operating-system crash or power cut can lose or corrupt the whole database; use it for tests only");
        }
    }

    /// <summary>Why the server must not start on these settings, or null.</summary>
    public static string? Refusal(PostgresDurability settings, bool allowAsynchronousCommit) =>
        settings.AsynchronousCommit && !allowAsynchronousCommit
            ? "PostgreSQL runs with synchronous_commit = off: it acknowledges commits before they are on disk, so a database server crash would lose writes Bayu has already confirmed to clients. "
              + "Set synchronous_commit = on (postgresql.conf, or ALTER DATABASE/ROLE ... SET synchronous_commit = on), or set Bayu:Storage:AllowAsynchronousCommit=true to accept that risk."
            : null;
}
