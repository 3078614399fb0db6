using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Search;
using Bayu.Storage.Store;

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
        await using var connection = await PostgresPlans.OpenUnanalysedAsync(server);
        var tag = Infrastructure.Fhir.Unique("plan");
        for (var b = 0; b < Observations / 500; b++)
        {
            var entries = string.Join(",", Enumerable.Range(b * 500, 500).Select(i =>
                $$$"""{"resource":{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{{tag}}}"}]},"status":"final","identifier":[{"system":"urn:s","value":"o{{{i}}}"}],"code":{"coding":[{"system":"http://loinc.org","code":"c{{{i % 50}}}"}]}},"request":{"method":"POST","url":"Observation"}}"""));
            await (await server.Client.PostAsync("/fhir", $$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""")).ExpectAsync(200);
        }
        Assert.Equal(-1f, await PostgresPlans.RowEstimateAsync(connection, "idx_token")); // never analysed

        var values = string.Join(",", new[] { 17, 1234, 2345, 2456, 2999 }.Select(i => $"urn:s|o{i}"));
        var query = SearchParser.Default.Parse("Observation", [new("identifier", values)]);
        var plan = await PostgresPlans.ExplainAsync(connection, query);

        Assert.Contains("Index Scan using ix_token_code on idx_token", plan, StringComparison.Ordinal);
        Assert.Contains("(code = v.key)", plan, StringComparison.Ordinal); // the value is an index condition, not a filter
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("loops=5)", plan, StringComparison.Ordinal); // one probe per value
        Assert.DoesNotContain($"loops={Observations}", plan, StringComparison.Ordinal); // nothing per Observation

        var bundle = (await (await server.Client.GetAsync($"/fhir/Observation?identifier={Uri.EscapeDataString(values)}")).ExpectAsync(200))!;
        Assert.Equal(5, bundle.EntryIds().Count);

        // A token list and an id list combined, with _tag: still no sequential scan of an index table.
        var combined = SearchParser.Default.Parse("Observation", [new("_tag", "urn:tag|" + tag), new("code", "http://loinc.org|c3,c4"), new("_id", "x,y")]);
        Assert.DoesNotContain("Seq Scan", await PostgresPlans.ExplainAsync(connection, combined), StringComparison.Ordinal);
    }
}
