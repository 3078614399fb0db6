using System.Text;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;
using Npgsql;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// What the search plan tests share: a fresh PostgreSQL database kept never analysed, as after a
/// burst of REST writes, and EXPLAIN of the statement the store runs for a query.
/// </summary>
internal sealed class PostgresPlans : IAsyncDisposable
{
    private static readonly string[] s_tables = ["resources", "idx_token", "idx_string", "idx_date", "idx_reference", "idx_quantity", "idx_uri", "idx_number"];

    private readonly TestDatabase _database;

    private PostgresPlans(TestDatabase database, SqlResourceStore store, NpgsqlConnection connection)
    {
        _database = database;
        Store = store;
        Connection = connection;
    }

    /// <summary>A store whose statistics refresher is off.</summary>
    public SqlResourceStore Store { get; }

    public NpgsqlConnection Connection { get; }

    /// <summary>
    /// A migrated database with autovacuum off on every store table: its analyze would make the
    /// plan the statistics' choice, not the shape under test.
    /// </summary>
    /// <param name="databaseOptions">Appended to CREATE DATABASE, e.g. a locale.</param>
    public static async Task<PostgresPlans> CreateAsync(string databaseOptions = "")
    {
        var database = await TestDatabase.CreateAsync(StoreProvider.Postgres, databaseOptions);
        var store = database.OpenStore();
        store.Statistics.Enabled = false;
        await store.MigrateAsync();
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in s_tables)
        {
            await using var off = new NpgsqlCommand($"ALTER TABLE {table} SET (autovacuum_enabled = false)", connection);
            await off.ExecuteNonQueryAsync();
        }
        return new PostgresPlans(database, store, connection);
    }

    /// <summary>pg_class.reltuples of a table: -1 when it was never analysed.</summary>
    public async Task<float> RowEstimateAsync(string table)
    {
        await using var stats = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE relname = @t", Connection);
        stats.Parameters.AddWithValue("t", table);
        return Convert.ToSingle(await stats.ExecuteScalarAsync());
    }

    /// <summary>EXPLAIN ANALYZE of the statement the store runs for <paramref name="query"/>.</summary>
    public async Task<string> ExplainAsync(SearchQuery query)
    {
        var p = new SqlParameters();
        var where = SearchSqlBuilder.Where(query, p, StoreProvider.Postgres);
        var orderBy = SearchSqlBuilder.OrderBy(query, p);
        var sql = $"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT r.id FROM resources r WHERE {where} ORDER BY {orderBy} LIMIT {p.Add(query.Count)} OFFSET {p.Add(query.Offset)}";
        await using var command = new NpgsqlCommand(sql, Connection);
        for (var i = 0; i < p.Values.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter("p" + i, p.Values[i] ?? DBNull.Value));
        }
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.AppendLine(reader.GetString(0));
        }
        return plan.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await Store.DisposeAsync();
        await _database.DisposeAsync();
    }
}
