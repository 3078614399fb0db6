using System.Data;
using System.Data.Common;
using Bayu.Storage.Store;
using Npgsql;

namespace Bayu.Storage.Postgres;

/// <summary>
/// PostgreSQL: <c>jsonb</c> resources, READ COMMITTED transactions with the current version row
/// locked (<c>FOR UPDATE</c>) by writers, and an advisory lock so concurrent nodes migrate once.
/// </summary>
public sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    public override StoreProvider Provider => StoreProvider.Postgres;

    public override string JsonColumn => "r.json::text";

    public override string JsonValue(string parameter) => parameter + "::jsonb";

    public override string LockCurrentSuffix => " FOR UPDATE";

    public override string BeforeMigration => "SELECT pg_advisory_xact_lock(4242500)";

    public override int MaxParameters => 30000;

    internal override string TableExistsSql => "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = @p0";

    internal override string SkipLocked => " FOR UPDATE SKIP LOCKED";

    internal override string JsonText(string column) => column + "::text";

    // READ COMMITTED lets two conditional creates both see "no match" and both insert; a
    // transaction-scoped advisory lock on the criteria makes the second wait and see the first.
    // Conditional references only read the match, so they share the lock: concurrent bundles that
    // point at the same organisation do not queue behind each other's commit.
    internal override async Task LockAsync(DbConnection connection, DbTransaction transaction, string key, bool shared, CancellationToken ct)
    {
        var hash = BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), 0);
        var sql = shared ? "SELECT pg_advisory_xact_lock_shared(@p0)" : "SELECT pg_advisory_xact_lock(@p0)";
        await SqlCommands.ExecuteAsync(connection, transaction, sql, [hash], ct).ConfigureAwait(false);
    }

    internal override Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TableRows> tables, CancellationToken ct) =>
        PostgresBulkInsert.InsertAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, tables, ct);

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct).ConfigureAwait(false);
    }

    public override bool IsUniqueViolation(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
