using Bayu.Storage.Search;
using Bayu.Storage.Tests.Infrastructure;
using Npgsql;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// Issue 13, item 7: a string prefix search on PostgreSQL must use the index under the database's
/// real collation. Under a UTF-8 locale (C.UTF-8, which the planner does not treat as "C", and
/// what real clusters are initialised with) PostgreSQL cannot turn <c>LIKE 'zh%'</c> into an index
/// range (and never <c>LIKE ANY(array)</c>), so every family search scanned all family rows. The
/// column is bytewise (<c>COLLATE "C"</c>, schema version 2) and each prefix is probed as a range.
/// </summary>
public sealed class StringSearchPlanTestsOnPostgres
{
    private const int Patients = 2000;
    private const string Utf8Locale = " TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'";

    [Fact]
    public async Task GivenAUtf8LocaleDatabase_WhenSearchedByFamilyPrefixes_ThenEachPrefixIsAnIndexRangeAndTheAnswerIsRight()
    {
        await using var plans = await PostgresPlans.CreateAsync(Utf8Locale);
        var store = plans.Store;
        await using (var collation = new NpgsqlCommand("SELECT datcollate FROM pg_database WHERE datname = current_database()", plans.Connection))
        {
            Assert.Equal("C.UTF-8", (string?)await collation.ExecuteScalarAsync());
        }
        string[] families = ["Zhang", "Zhao", "Li", "Wang", "欧阳", "Núñez Peña"];
        for (var b = 0; b < Patients / 500; b++)
        {
            await Writes.CommitAsync(store, Enumerable.Range(b * 500, 500).Select(i => Writes.Resource(
                $$$"""{"resourceType":"Patient","name":[{"family":"{{{families[i % families.Length]}}}{{{(i < families.Length ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture))}}}"}]}""")));
        }

        Assert.Equal(-1f, await plans.RowEstimateAsync("idx_string")); // never analysed
        var plan = await plans.ExplainAsync(SearchParser.Default.Parse("Patient", [new("family", "zhang,欧阳")]));

        Assert.True(plan.Contains("Index Scan using ix_string_norm on idx_string", StringComparison.Ordinal), plan);
        Assert.Contains("(norm >= v.lo)", plan, StringComparison.Ordinal); // the prefix is an index condition
        Assert.Contains("(norm < v.hi)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan", plan, StringComparison.Ordinal);
        Assert.Contains("loops=2)", plan, StringComparison.Ordinal); // one probe per prefix

        int With(int family) => Enumerable.Range(0, Patients).Count(i => i % families.Length == family);
        Assert.Equal(With(0), await store.CountAsync("Patient", "family=zhang"));
        Assert.Equal(With(4), await store.CountAsync("Patient", "family=欧阳"));
        Assert.Equal(With(0) + With(1), await store.CountAsync("Patient", "family=zha"));
        Assert.Equal(With(5), await store.CountAsync("Patient", "family=pena")); // the part of "Núñez Peña…", folded
        Assert.Equal(0, await store.CountAsync("Patient", "family=zhangx"));
    }
}
