using Bayu.Storage.Search;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// The search plan on a database written without ever being analysed (issue 25, item 5: an ORed
/// identifier search over 5,000 Observations took 5.9 s as a nested loop over every Observation).
/// The value list must drive the plan through the token index.
/// </summary>
public sealed class SearchPlanTestsOnPostgres
{
    private const int Observations = 3000;

    [Fact]
    public async Task GivenAnUnanalysedDatabase_WhenSearchedByAnIdentifierList_ThenThePlanProbesTheTokenIndexPerValue()
    {
        await using var plans = await PostgresPlans.CreateAsync();
        var store = plans.Store;
        var tag = Writes.NewId("plan");
        for (var b = 0; b < Observations / 500; b++)
        {
            await Writes.CommitAsync(store, Enumerable.Range(b * 500, 500).Select(i => Writes.Resource(
                $$$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{{tag}}}"}]},"status":"final","identifier":[{"system":"urn:s","value":"o{{{i}}}"}],"code":{"coding":[{"system":"http://loinc.org","code":"c{{{i % 50}}}"}]}}""")));
        }
        Assert.Equal(-1f, await plans.RowEstimateAsync("idx_token")); // never analysed

        var values = string.Join(",", new[] { 17, 1234, 2345, 2456, 2999 }.Select(i => $"urn:s|o{i}"));
        var query = SearchParser.Default.Parse("Observation", [new("identifier", values)]);
        var plan = await plans.ExplainAsync(query);

        Assert.Contains("Index Scan using ix_token_code on idx_token", plan, StringComparison.Ordinal);
        Assert.Contains("(code = v.key)", plan, StringComparison.Ordinal); // the value is an index condition, not a filter
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("loops=5)", plan, StringComparison.Ordinal); // one probe per value
        Assert.DoesNotContain($"loops={Observations}", plan, StringComparison.Ordinal); // nothing per Observation

        Assert.Equal(5, (await store.SearchAsync(query)).Resources.Count);

        // A token list and an id list combined, with _tag: still no sequential scan of an index table.
        var combined = SearchParser.Default.Parse("Observation", [new("_tag", "urn:tag|" + tag), new("code", "http://loinc.org|c3,c4"), new("_id", "x,y")]);
        Assert.DoesNotContain("Seq Scan", await plans.ExplainAsync(combined), StringComparison.Ordinal);
    }
}
