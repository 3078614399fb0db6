using Bayu.Storage.Postgres;
using Bayu.Storage.Sqlite;
using Npgsql;

namespace Bayu.Storage.Store;

/// <summary>Creates a store for a provider; the one place where the provider is chosen.</summary>
public static class ResourceStores
{
    public const string SqliteFileName = "bayu.db";

    /// <summary>SQLite store in <paramref name="dataDirectory"/> (created if missing).</summary>
    public static IResourceStore Sqlite(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        return new SqlResourceStore(new SqliteDialect(Path.Combine(dataDirectory, SqliteFileName)));
    }

    public static IResourceStore Postgres(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // The store's statements repeat (read by id, history, index inserts): let Npgsql prepare
        // the frequent ones on each connection so PostgreSQL stops parsing and planning them per request.
        if (builder.ConnectionStringBuilder.MaxAutoPrepare == 0)
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = 64;
        }
        var dataSource = builder.Build();
        return new PostgresResourceStore(dataSource);
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
