using System.Data.Common;
using Bayu.Storage.Sqlite;
using Bayu.Storage.Store;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bayu.Storage.Tests.Infrastructure;

/// <summary>
/// One empty database: a SQLite file in a temporary folder, or a fresh <c>bayu_t_*</c> PostgreSQL
/// database on the test server (dropped on dispose). Opens stores over it, as many processes would.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;
    private readonly string? _databaseName;

    private TestDatabase(StoreProvider provider, string? folder, string? databaseName, string? connectionString)
    {
        Provider = provider;
        _folder = folder;
        _databaseName = databaseName;
        ConnectionString = connectionString;
    }

    public StoreProvider Provider { get; }

    /// <summary>PostgreSQL only.</summary>
    public string? ConnectionString { get; }

    public string SqlitePath => Path.Combine(_folder!, ResourceStores.SqliteFileName);

    /// <param name="postgresOptions">Appended to CREATE DATABASE, e.g. a locale.</param>
    public static async Task<TestDatabase> CreateAsync(StoreProvider provider, string postgresOptions = "")
    {
        if (provider == StoreProvider.Sqlite)
        {
            return new TestDatabase(provider, Directory.CreateTempSubdirectory("bayu-storage-test-").FullName, null, null);
        }
        var name = "bayu_t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}{postgresOptions}", connection);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(provider, null, name, new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = name }.ToString());
    }

    /// <summary>A new store object over this database, with its own connections (another process, as far as locking goes).</summary>
    public SqlResourceStore OpenStore() => Provider == StoreProvider.Sqlite
        ? new SqlResourceStore(new SqliteDialect(SqlitePath))
        : (SqlResourceStore)ResourceStores.Postgres(ConnectionString!);

    /// <summary>A raw connection outside any store, for setting up and inspecting tables.</summary>
    public async Task<DbConnection> OpenConnectionAsync()
    {
        DbConnection connection = Provider == StoreProvider.Sqlite
            ? new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SqlitePath, Pooling = false }.ToString())
            : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(AdminConnectionString());
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>The PostgreSQL test server; its absence fails the test instead of skipping it.</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable("BAYU_TEST_POSTGRES") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("BAYU_TEST_POSTGRES is not set: run the PostgreSQL tests through scripts/with-postgres.sh or ./test.sh");
}
