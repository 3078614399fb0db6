using System.Data.Common;

namespace Bayu.Storage.Store;

/// <summary>The few places where SQLite and PostgreSQL differ; everything else is shared SQL.</summary>
public abstract class SqlDialect
{
    public abstract StoreProvider Provider { get; }

    /// <summary>Expression that reads the JSON column as text.</summary>
    public abstract string JsonColumn { get; }

    /// <summary>Expression that stores a text parameter into the JSON column.</summary>
    public abstract string JsonValue(string parameter);

    /// <summary>Suffix that row-locks the current version for the rest of the transaction.</summary>
    public abstract string LockCurrentSuffix { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Takes a lock named by <paramref name="key"/> for the rest of the transaction (none needed where writers are serialised).</summary>
    internal virtual Task LockAsync(DbConnection connection, DbTransaction transaction, string key, bool shared, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Called once when a transaction begun by <see cref="BeginWriteAsync"/> is over (committed or not).</summary>
    internal virtual void EndWrite()
    {
    }

    /// <summary>Statements run before migrating (pragmas, a migration lock).</summary>
    public abstract string BeforeMigration { get; }

    /// <summary>Query with one parameter (a table name) that counts tables of that name in the store's schema.</summary>
    internal abstract string TableExistsSql { get; }

    /// <summary>
    /// Suffix of a queue's claim sub-select: lock the rows picked and pass over rows another
    /// claimer holds, so concurrent workers take different rows (none where writers are serialised).
    /// </summary>
    internal virtual string SkipLocked => "";

    /// <summary>Expression that reads a JSON column as text.</summary>
    internal virtual string JsonText(string column) => column;

    public abstract bool IsUniqueViolation(Exception exception);

    /// <summary>Statement that refreshes the planner's statistics of every table.</summary>
    public virtual string RefreshStatistics => "ANALYZE";

    /// <summary>Upper bound of parameters per statement (IN lists are chunked below it).</summary>
    public virtual int MaxParameters => 30000;

    /// <summary>Inserts the rows of every table inside the transaction, by the provider's fastest path.</summary>
    internal abstract Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TableRows> tables, CancellationToken ct);
}
