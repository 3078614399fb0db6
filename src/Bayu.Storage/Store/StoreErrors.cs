using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bayu.Storage.Store;

/// <summary>Database failures that mean "collided with a concurrent request, nothing was written, try again".</summary>
public static class StoreErrors
{
    // PostgreSQL: deadlock_detected, serialization_failure, lock_not_available. The database has
    // already rolled the transaction back, so the request left no trace.
    private static readonly HashSet<string> PostgresTransient = [PostgresErrorCodes.DeadlockDetected, PostgresErrorCodes.SerializationFailure, PostgresErrorCodes.LockNotAvailable];

    // SQLite: SQLITE_BUSY and SQLITE_LOCKED once busy_timeout has run out (another process held the file).
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsTransientConflict(Exception exception) => exception switch
    {
        PostgresException postgres => PostgresTransient.Contains(postgres.SqlState),
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked,
        { InnerException: { } inner } => IsTransientConflict(inner),
        _ => false,
    };

    /// <summary>
    /// The database did not answer in time: a statement over its command timeout, or no pooled
    /// connection free within the pool's timeout. The statement was cancelled and its transaction
    /// rolled back, so the request left no trace and may be retried once the load eases.
    /// </summary>
    public static bool IsTimeout(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.QueryCanceled,
        NpgsqlException { InnerException: TimeoutException } => true,
        { InnerException: { } inner } => IsTimeout(inner),
        _ => false,
    };
}
