using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Npgsql;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// A PostgreSQL database with a UTF-8 locale (C.UTF-8, which the planner does not treat as "C"),
/// never analysed: the collation real clusters are initialised with.
/// </summary>
public sealed class Utf8LocalePostgresFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;

    protected override string DatabaseOptions => " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";

    protected override void Configure(Dictionary<string, string?> settings) => settings["Bayu:Storage:RefreshStatistics"] = "false";
}

/// <summary>
/// Issue 13, item 7: a string prefix search on PostgreSQL must use the index under the database's
/// real collation. Under a UTF-8 locale PostgreSQL cannot turn <c>LIKE 'zh%'</c> into an index range
/// (and never <c>LIKE ANY(array)</c>), so every family search scanned all family rows. The column is
/// bytewise (<c>COLLATE "C"</c>, schema version 2) and each prefix is probed as a range.
/// </summary>
public sealed class StringSearchPlanTestsOnPostgres(Utf8LocalePostgresFixture server) : IClassFixture<Utf8LocalePostgresFixture>
{
    private const int Patients = 2000;

    [Fact]
    public async Task GivenAUtf8LocaleDatabase_WhenSearchedByFamilyPrefixes_ThenEachPrefixIsAnIndexRangeAndTheAnswerIsRight()
    {
        await using var connection = await PostgresPlans.OpenUnanalysedAsync(server);
        await using (var collation = new NpgsqlCommand("SELECT datcollate FROM pg_database WHERE datname = current_database()", connection))
        {
            Assert.Equal("C.UTF-8", (string?)await collation.ExecuteScalarAsync());
        }
        var tag = Infrastructure.Fhir.Unique("splan");
        string[] families = ["Zhang", "Zhao", "Li", "Wang", "欧阳", "Núñez Peña"];
        for (var b = 0; b < Patients / 500; b++)
        {
            var entries = string.Join(",", Enumerable.Range(b * 500, 500).Select(i =>
                $$$"""{"resource":{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{{tag}}}"}]},"name":[{"family":"{{{families[i % families.Length]}}}{{{(i < families.Length ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}"}]},"request":{"method":"POST","url":"Patient"}}"""));
            await (await server.Client.PostAsync("/fhir", $$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""")).ExpectAsync(200);
        }

        Assert.Equal(-1f, await PostgresPlans.RowEstimateAsync(connection, "idx_string")); // never analysed
        var plan = await PostgresPlans.ExplainAsync(connection, SearchParser.Default.Parse("Patient", [new("family", "zhang,欧阳")]));

        Assert.True(plan.Contains("Index Scan using ix_string_norm on idx_string", StringComparison.Ordinal), plan);
        Assert.Contains("(norm >= v.lo)", plan, StringComparison.Ordinal); // the prefix is an index condition
        Assert.Contains("(norm < v.hi)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("loops=2)", plan, StringComparison.Ordinal); // one probe per prefix

        int With(int family) => Enumerable.Range(0, Patients).Count(i => i % families.Length == family);
        Assert.Equal(With(0), await CountAsync(tag, "family=zhang"));
        Assert.Equal(With(4), await CountAsync(tag, "family=欧阳"));
        Assert.Equal(With(0) + With(1), await CountAsync(tag, "family=zha"));
        Assert.Equal(With(5), await CountAsync(tag, "family=pena")); // the part of "Núñez Peña…", folded
        Assert.Equal(0, await CountAsync(tag, "family=zhangx"));
    }

    private async Task<int> CountAsync(string tag, string query) =>
        (int)(await (await server.Client.GetAsync($"/fhir/Patient?_tag=urn:tag|{tag}&{query}&_summary=count")).ExpectAsync(200))!["total"]!;
}
