using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// Long OR lists (one list parameter, any allowed length, exact token semantics; see ValueLists),
/// :missing on every resource-level parameter, and _sort on every parameter type. The limits on
/// lists and queries, and their refusals, are Bayu.Server.Tests' (Fhir/SearchLimitsTests).
/// </summary>
public abstract class SearchListsAndSortTests(StoreFixture fixture) : IAsyncLifetime
{
    private readonly SqlResourceStore _store = fixture.OpenStore();
    private readonly string _tag = Writes.NewId("lim");
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _ids["gp"] = await Writes.CreateAsync(_store, """{"resourceType":"Practitioner","name":[{"family":"Wu"}]}""");
        // a: system urn:lim, a profile and a general practitioner; b: an identifier without a
        // system, a security label; c: another system, a source.
        var patients = new[]
        {
            ("a", $$"""{"system":"urn:lim","value":"{{_tag}}-a"}""", $$""","profile":["http://example.org/StructureDefinition/{{_tag}}"]""", $$""","generalPractitioner":[{"reference":"Practitioner/{{_ids["gp"]}}"}]""", "Ma"),
            ("b", $$"""{"value":"{{_tag}}-b"}""", ""","security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-Confidentiality","code":"R"}]""", "", "Ma Lin"),
            ("c", $$"""{"system":"urn:other","value":"{{_tag}}-c"}""", ""","source":"http://example.org/feeder" """, "", "Sun"),
        };
        foreach (var (key, identifier, meta, extra, family) in patients)
        {
            var json = $$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]{{meta}}},"identifier":[{{identifier}}],"name":[{"family":"{{family}}"}]{{extra}}}""";
            _ids[key] = await Writes.CreateAsync(_store, json);
        }
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<List<string>> FindAsync(string query)
    {
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. (await _store.FindAsync("Patient", $"_tag=urn:tag|{_tag}&{query}")).Select(id => byId.TryGetValue(id, out var key) ? key : id).Order()];
    }

    /// <summary>The given values followed by decoys up to <paramref name="total"/>, comma-separated and URL-escaped.</summary>
    private static string List(int total, Func<int, string> decoy, params string[] values) =>
        string.Join(",", values.Concat(Enumerable.Range(0, total - values.Length).Select(decoy)).Select(Uri.EscapeDataString));

    [Theory]
    [InlineData("{t}-a,{t}-b,{t}-c", "a,b,c")] // code: any system, or none
    [InlineData("urn:lim|{t}-a,urn:lim|{t}-c", "a")] // system|code
    [InlineData("|{t}-b,|{t}-a", "b")] // |code: no system
    [InlineData("urn:other|", "c")] // system|: any code
    [InlineData("urn:other|,|{t}-b", "b,c")]
    public async Task GivenAHundredTokenValues_WhenSearched_ThenEachValueKeepsItsTokenMeaning(string values, string expected)
    {
        var given = values.Replace("{t}", _tag, StringComparison.Ordinal).Split(',');
        var found = await FindAsync("identifier=" + List(100, i => $"urn:lim|decoy-{i}", given));
        Assert.Equal(expected.Split(','), found);
    }

    [Fact]
    public async Task GivenAHundredValues_WhenSearchedOnNotStringIdAndReference_ThenTheRightResourcesReturn()
    {
        Assert.Equal(["b", "c"], await FindAsync("identifier:not=" + List(100, i => $"x{i}", $"urn:lim|{_tag}-a")));
        Assert.Equal(["a", "b"], await FindAsync("family=" + List(100, i => $"zz{i}", "ma")));
        Assert.Equal(["b"], await FindAsync("family:exact=" + List(100, i => $"zz{i}", "Ma Lin")));
        Assert.Equal(["c"], await FindAsync("family:contains=" + List(100, i => $"zz{i}", "un")));
        Assert.Equal(["a", "c"], await FindAsync("_id=" + List(100, i => $"nope{i}", _ids["a"], _ids["c"])));
        Assert.Equal(["b"], await FindAsync("_id:not=" + List(100, i => $"nope{i}", _ids["a"], _ids["c"])));
        Assert.Equal(["a"], await FindAsync("general-practitioner=" + List(100, i => $"Practitioner/nope{i}", $"Practitioner/{_ids["gp"]}")));
        Assert.Equal(["a"], await FindAsync("general-practitioner:Practitioner=" + List(100, i => $"nope{i}", _ids["gp"])));
        Assert.Empty(await FindAsync("general-practitioner=" + List(100, i => $"Organization/nope{i}", $"Organization/{_ids["gp"]}")));
        Assert.Equal(["a"], await FindAsync("_profile=" + List(100, i => $"http://example.org/nope{i}", $"http://example.org/StructureDefinition/{_tag}")));
    }

    [Theory]
    [InlineData("_id:missing=true", "")]
    [InlineData("_id:missing=false", "a,b,c")]
    [InlineData("_lastUpdated:missing=true", "")]
    [InlineData("_lastUpdated:missing=false", "a,b,c")]
    [InlineData("_profile:missing=true", "b,c")]
    [InlineData("_profile:missing=false", "a")]
    [InlineData("_tag:missing=false", "a,b,c")]
    [InlineData("_tag:missing=true", "")]
    [InlineData("_security:missing=false", "b")]
    [InlineData("_security:missing=true", "a,c")]
    [InlineData("_source:missing=false", "c")]
    [InlineData("_source:missing=true", "a,b")]
    [InlineData("general-practitioner:missing=true", "b,c")]
    [InlineData("identifier:missing=false", "a,b,c")]
    public async Task GivenMissingOnAResourceLevelParameter_WhenSearched_ThenPresenceDecides(string query, string expected)
    {
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), await FindAsync(query));
    }

    [Fact]
    public async Task GivenMissingOnLastUpdatedOfAnyType_WhenSearched_ThenNoneOrAll()
    {
        Assert.Empty(await _store.FindAsync("Claim", "_lastUpdated:missing=true"));
        Assert.Equal([_ids["gp"]], await _store.FindAsync("Practitioner", $"_lastUpdated:missing=false&_id={_ids["gp"]}"));
    }

    [Theory]
    [InlineData("Patient", "family,-birthdate,gender,general-practitioner,_profile,-_lastUpdated,_id")]
    [InlineData("Observation", "value-quantity,-date,code,subject")]
    [InlineData("RiskAssessment", "-probability")]
    [InlineData("ValueSet", "url,-version")]
    public async Task GivenASortOnEveryParameterType_WhenSearched_ThenTheStatementRuns(string type, string sort)
    {
        // Each key is a sub-select on its own index table: a wrong column or table throws here.
        await _store.FindAsync(type, "_sort=" + sort);
    }

    [Fact]
    public async Task GivenASortOnThePatients_WhenSortedByFamily_ThenTheOrderFollowsTheNames()
    {
        Assert.Equal(["a", "b", "c"], (await _store.FindAsync("Patient", $"_tag=urn:tag|{_tag}&_sort=family"))
            .Select(id => _ids.Single(p => p.Value == id).Key));
    }
}

public sealed class SearchListsAndSortTestsOnSqlite(SqliteStoreFixture fixture) : SearchListsAndSortTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SearchListsAndSortTestsOnPostgres(PostgresStoreFixture fixture) : SearchListsAndSortTests(fixture), IClassFixture<PostgresStoreFixture>;
