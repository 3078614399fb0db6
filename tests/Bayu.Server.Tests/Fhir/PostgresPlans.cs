using System.Text;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bayu.Server.Tests.Fhir;

/// <summary>What the search plan tests share: a connection to the fixture's database kept unanalysed, and EXPLAIN of the store's statement.</summary>
internal static class PostgresPlans
{
    private static readonly string[] s_tables = ["resources", "idx_token", "idx_string", "idx_date", "idx_reference", "idx_quantity", "idx_uri", "idx_number"];

    /// <summary>
    /// Opens the fixture's database with autovacuum off on every store table, so that it stays
    /// never analysed, as after a burst of REST writes (autovacuum's analyze would make the plan the
    /// statistics' choice, not the shape under test).
    /// </summary>
    public static async Task<NpgsqlConnection> OpenUnanalysedAsync(ServerFixture server)
    {
        var connection = new NpgsqlConnection(server.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres"));
        await connection.OpenAsync();
        foreach (var table in s_tables)
        {
            await using var off = new NpgsqlCommand($"ALTER TABLE {table} SET (autovacuum_enabled = false)", connection);
            await off.ExecuteNonQueryAsync();
        }
        return connection;
    }

    /// <summary>pg_class.reltuples of a table: -1 when it was never analysed.</summary>
    public static async Task<float> RowEstimateAsync(NpgsqlConnection connection, string table)
    {
        await using var stats = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE relname = @t", connection);
        stats.Parameters.AddWithValue("t", table);
        return Convert.ToSingle(await stats.ExecuteScalarAsync());
    }

    /// <summary>EXPLAIN ANALYZE of the statement the store runs for <paramref name="query"/>.</summary>
    public static async Task<string> ExplainAsync(NpgsqlConnection connection, SearchQuery query)
    {
        var p = new SqlParameters();
        var where = SearchSqlBuilder.Where(query, p, StoreProvider.Postgres);
        var orderBy = SearchSqlBuilder.OrderBy(query, p);
        var sql = $"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT r.id FROM resources r WHERE {where} ORDER BY {orderBy} LIMIT {p.Add(query.Count)} OFFSET {p.Add(query.Offset)}";
        await using var command = new NpgsqlCommand(sql, connection);
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
}
