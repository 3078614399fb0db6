using System.Data.Common;
using Bayu.Storage.Store;
using Microsoft.Data.Sqlite;

namespace Bayu.Storage.Sqlite;

/// <summary>
/// SQLite: one file in WAL mode (readers never block the writer), writes under <c>BEGIN IMMEDIATE</c>
/// so two writers serialise at the start instead of failing at commit.
/// </summary>
public sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;
    private readonly string _pragmas;
    private static readonly object Configured = new();
    // Waiters on WaitAsync are served first come, first served (SemaphoreSlim keeps its async
    // waiters in a list and hands a release to the head; only synchronous Wait calls, which this
    // class never makes, would jump the line): a long write delays each writer behind it by its
    // own length once, and batches give the turn back between chunks. SqliteWriteTurnTests pins
    // the order down.
    private readonly SemaphoreSlim _writeTurn = new(1, 1);
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = [];
    private volatile bool _walSet;

    /// <param name="synchronous">
    /// FULL syncs the WAL at every commit, so an acknowledged write survives a power cut; NORMAL
    /// syncs only at checkpoints: it survives a killed process but an OS crash or power loss may
    /// roll back the last commits.
    /// </param>
    public SqliteDialect(string databasePath, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        _pragmas = synchronous switch
        {
            SqliteSynchronous.Full => "PRAGMA synchronous = FULL; ",
            SqliteSynchronous.Normal => "PRAGMA synchronous = NORMAL; ",
            _ => throw new ArgumentOutOfRangeException(nameof(synchronous), synchronous, "Full or Normal"),
        } + "PRAGMA busy_timeout = 30000;";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override StoreProvider Provider => StoreProvider.Sqlite;

    public override string JsonColumn => "r.json";

    public override string JsonValue(string parameter) => parameter;

    public override string LockCurrentSuffix => "";

    public override string BeforeMigration => "";

    internal override string TableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @p0";

    // A sampled ANALYZE: bounded time on a large file, and enough for the planner to prefer the indexes.
    public override string RefreshStatistics => "PRAGMA analysis_limit = 1000; ANALYZE;";

    // SQLite resolves named parameters by a linear scan over the statement's names, so binding
    // is quadratic in their number: keep IN lists short.
    public override int MaxParameters => 960;

    internal override Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<TableRows> tables, CancellationToken ct)
    {
        SqliteBulkInsert.Insert((SqliteConnection)connection, (SqliteTransaction)transaction, tables, ct);
        return Task.CompletedTask;
    }

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        // journal_mode is persistent in the file (set once per process); synchronous and busy_timeout
        // belong to the native connection, which the pool hands out again: set them once per handle,
        // not on every open (three PRAGMAs were a fifth of a read by id).
        if (_configured.TryGetValue(connection.Handle!, out _))
        {
            return connection;
        }
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = (_walSet ? "" : "PRAGMA journal_mode = WAL; ") + _pragmas;
        await pragma.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        _walSet = true;
        _configured.AddOrUpdate(connection.Handle!, Configured);
        return connection;
    }

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // SQLite has one writer at a time. Writers of this process take turns here, in order and
        // without polling; left to SQLite's busy handler they would sleep and retry, which under
        // concurrent requests wastes most of the time. busy_timeout still covers other processes.
        await _writeTurn.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // deferred: false issues BEGIN IMMEDIATE: the write lock is taken up front.
            return ((SqliteConnection)connection).BeginTransaction(deferred: false);
        }
        catch
        {
            _writeTurn.Release();
            throw;
        }
    }

    internal override void EndWrite() => _writeTurn.Release();

    public override bool IsUniqueViolation(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 19 };
}

/// <summary>SQLite's <c>synchronous</c> setting for the store's connections (WAL mode).</summary>
public enum SqliteSynchronous
{
    Full,
    Normal,
}
