using System.Text;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bayu.Server.Tests.Fhir;

/// <summary>A PostgreSQL database that is never analysed: no statistics refresher, no autovacuum on the search tables.</summary>
public sealed class UnanalysedPostgresFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Bayu:Storage:RefreshStatistics"] = "false";
}

/// <summary>
/// The search plan on a database written only through REST and never analysed (issue 25, item 5:
/// an ORed identifier search over 5,000 Observations took 5.9 s as a nested loop over every
/// Observation). The value list must drive the plan through the token index.
/// </summary>
public sealed class SearchPlanTestsOnPostgres(UnanalysedPostgresFixture server) : IClassFixture<UnanalysedPostgresFixture>
{
    private const int Observations = 3000;

    [Fact]
    public async Task GivenAnUnanalysedDatabase_WhenSearchedByAnIdentifierList_ThenThePlanProbesTheTokenIndexPerValue()
    {
        await using var connection = new NpgsqlConnection(server.Services.GetRequiredService<IConfiguration>().GetConnectionString("Postgres"));
        await connection.OpenAsync();
        foreach (var table in new[] { "resources", "idx_token", "idx_string", "idx_date", "idx_reference", "idx_quantity", "idx_uri", "idx_number" })
        {
            await using var off = new NpgsqlCommand($"ALTER TABLE {table} SET (autovacuum_enabled = false)", connection);
            await off.ExecuteNonQueryAsync();
        }
        var tag = Infrastructure.Fhir.Unique("plan");
        for (var b = 0; b < Observations / 500; b++)
        {
            var entries = string.Join(",", Enumerable.Range(b * 500, 500).Select(i =>
                $$$"""{"resource":{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{{tag}}}"}]},"status":"final","identifier":[{"system":"urn:s","value":"o{{{i}}}"}],"code":{"coding":[{"system":"http://loinc.org","code":"c{{{i % 50}}}"}]}},"request":{"method":"POST","url":"Observation"}}"""));
            await (await server.Client.PostAsync("/fhir", $$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""")).ExpectAsync(200);
        }
        await using (var stats = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE relname = 'idx_token'", connection))
        {
            Assert.Equal(-1f, Convert.ToSingle(await stats.ExecuteScalarAsync())); // never analysed
        }

        var values = string.Join(",", new[] { 17, 1234, 2345, 2456, 2999 }.Select(i => $"urn:s|o{i}"));
        var query = SearchParser.Default.Parse("Observation", [new("identifier", values)]);
        var plan = await ExplainAsync(connection, query);

        Assert.Contains("Index Scan using ix_token_code on idx_token", plan, StringComparison.Ordinal);
        Assert.Contains("(code = v.key)", plan, StringComparison.Ordinal); // the value is an index condition, not a filter
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("loops=5)", plan, StringComparison.Ordinal); // one probe per value
        Assert.DoesNotContain($"loops={Observations}", plan, StringComparison.Ordinal); // nothing per Observation

        var bundle = (await (await server.Client.GetAsync($"/fhir/Observation?identifier={Uri.EscapeDataString(values)}")).ExpectAsync(200))!;
        Assert.Equal(5, bundle.EntryIds().Count);

        // A token list and an id list combined, with _tag: still no sequential scan of an index table.
        var combined = SearchParser.Default.Parse("Observation", [new("_tag", "urn:tag|" + tag), new("code", "http://loinc.org|c3,c4"), new("_id", "x,y")]);
        Assert.DoesNotContain("Seq Scan", await ExplainAsync(connection, combined), StringComparison.Ordinal);
    }

    /// <summary>EXPLAIN ANALYZE of the statement the store runs for <paramref name="query"/>.</summary>
    private static async Task<string> ExplainAsync(NpgsqlConnection connection, SearchQuery query)
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
