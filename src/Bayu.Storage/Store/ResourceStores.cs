using Bayu.Storage.Postgres;
using Bayu.Storage.Sqlite;
using Npgsql;

namespace Bayu.Storage.Store;

/// <summary>Creates a store for a provider; the one place where the provider is chosen.</summary>
public static class ResourceStores
{
    public const string SqliteFileName = "bayu.db";

    /// <summary>SQLite store in <paramref name="dataDirectory"/> (created if missing).</summary>
    public static IResourceStore Sqlite(string dataDirectory, SqliteSynchronous synchronous = SqliteSynchronous.Full)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqlResourceStore(new SqliteDialect(Path.Combine(dataDirectory, SqliteFileName), synchronous));
    }

    public static IResourceStore Postgres(string connectionString)
    {
        var dataSource = new NpgsqlDataSourceBuilder(PostgresConnectionString(connectionString)).Build();
        return new PostgresResourceStore(dataSource);
    }

    /// <summary>The connection string the store uses: the given one with Bayu's defaults for what it leaves unset.</summary>
    public static string PostgresConnectionString(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // The store's statements repeat (read by id, history, index inserts): let Npgsql prepare
        // the frequent ones on each connection so PostgreSQL stops parsing and planning them per request.
        if (!SetsOption(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }
        // Npgsql resets a pooled connection's session state on its next use (CLOSE ALL, UNLISTEN,
        // DISCARD ...: an extra statement and ~50 µs of backend work per request, which halved reads
        // by id). The store leaves no session state behind: its advisory locks are transaction-scoped,
        // it sets no session variables, prepares only through auto-prepare and creates no temp tables.
        if (!SetsOption(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }

    private static bool SetsOption(string connectionString, params string[] keys)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }

    private sealed class PostgresResourceStore(NpgsqlDataSource dataSource) : SqlResourceStore(new PostgresDialect(dataSource))
    {
        public override async ValueTask DisposeAsync()
        {
            await dataSource.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
