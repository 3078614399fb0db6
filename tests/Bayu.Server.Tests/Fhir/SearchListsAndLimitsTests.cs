using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// Long OR lists (one list parameter, any allowed length, exact token semantics), the search
/// limits (values per parameter, parameters per query, _count, _offset), :missing on every
/// resource-level parameter, and _sort on every parameter type: never a 500.
/// </summary>
public abstract class SearchListsAndLimitsTests(ServerFixture server) : IAsyncLifetime
{
    private readonly HttpClient _client = server.Client;
    private readonly string _tag = Infrastructure.Fhir.Unique("lim");
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        _ids["gp"] = (await (await _client.PostAsync("/fhir/Practitioner", """{"resourceType":"Practitioner","name":[{"family":"Wu"}]}""")).ExpectAsync(201))!.Id();
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
            _ids[key] = (await (await _client.PostAsync("/fhir/Patient", json)).ExpectAsync(201))!.Id();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> FindAsync(string query)
    {
        var bundle = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:tag|{_tag}&{query}")).ExpectAsync(200))!;
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. bundle.EntryIds().Select(id => byId.TryGetValue(id, out var key) ? key : id).Order()];
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
    [InlineData(101)]
    [InlineData(500)]
    public async Task GivenTooManyValues_WhenSearched_Then400NamingTheLimit(int count)
    {
        foreach (var parameter in new[] { "identifier", "name", "_id", "birthdate", "_sort" })
        {
            var values = parameter switch
            {
                "birthdate" => List(count, i => $"ge{1900 + (i % 100)}"),
                "_sort" => List(count, _ => "name"),
                _ => List(count, i => $"v{i}"),
            };
            var outcome = (await (await _client.GetAsync($"/fhir/Patient?{parameter}={values}")).ExpectAsync(400))!;
            var diagnostics = (string)outcome["issue"]![0]!["diagnostics"]!;
            Assert.Contains($"{parameter} has {count} values; at most 100 are allowed (Bayu:Limits:MaxSearchValues)", diagnostics, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenTooManyValues_WhenHandlingIsLenient_ThenTheLimitStillRefuses()
    {
        var response = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient?identifier={List(101, i => $"v{i}")}", ("Prefer", "handling=lenient"));
        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task GivenFiftyParameters_WhenSearched_ThenTheyAreAndedAndFiftyOneAre400()
    {
        var fifty = string.Join("&", Enumerable.Repeat($"_tag=urn:tag|{_tag}", 49).Append("family=ma"));
        var bundle = (await (await _client.GetAsync($"/fhir/Patient?{fifty}")).ExpectAsync(200))!;
        Assert.Equal(new[] { _ids["a"], _ids["b"] }.Order(), bundle.EntryIds().Order());

        var outcome = (await (await _client.GetAsync($"/fhir/Patient?{fifty}&name=x")).ExpectAsync(400))!;
        Assert.Contains("the query has 51 parameters; at most 50 are allowed (Bayu:Limits:MaxSearchParameters)", (string)outcome["issue"]![0]!["diagnostics"]!, StringComparison.Ordinal);
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
    public async Task GivenMissingOnLastUpdatedOfAnyType_WhenSearched_ThenNoneOrAllAnd400ForANonBoolean()
    {
        var none = (await (await _client.GetAsync("/fhir/Claim?_lastUpdated:missing=true")).ExpectAsync(200))!;
        Assert.Empty(none.EntryIds());
        var all = (await (await _client.GetAsync($"/fhir/Practitioner?_lastUpdated:missing=false&_id={_ids["gp"]}")).ExpectAsync(200))!;
        Assert.Equal([_ids["gp"]], all.EntryIds());
        await (await _client.GetAsync("/fhir/Claim?_lastUpdated:missing=2020")).ExpectAsync(400);
        await (await _client.GetAsync("/fhir/Claim?_id:missing=yes")).ExpectAsync(400);
    }

    [Theory]
    [InlineData("_count=99999999999", 3)] // beyond int: clamped to the maximum page
    [InlineData("_count=0", 0)]
    [InlineData("_offset=2147483647", 0)]
    [InlineData("_offset=99999999999&_total=accurate", 0)]
    [InlineData("_offset=2147483647&_count=1000&_total=accurate", 0)]
    public async Task GivenExtremePaging_WhenSearched_ThenAPageAnswersNever500(string query, int expected)
    {
        var bundle = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:tag|{_tag}&{query}")).ExpectAsync(200))!;
        Assert.Equal(expected, bundle.EntryIds().Count);
        Assert.All(bundle["link"]!.AsArray(), l => Assert.DoesNotContain("_offset=-", (string)l!["url"]!, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Patient", "family,-birthdate,gender,general-practitioner,_profile,-_lastUpdated,_id")]
    [InlineData("Observation", "value-quantity,-date,code,subject")]
    [InlineData("RiskAssessment", "-probability")]
    [InlineData("ValueSet", "url,-version")]
    public async Task GivenASortOnEveryParameterType_WhenSearched_Then200(string type, string sort)
    {
        var bundle = (await (await _client.GetAsync($"/fhir/{type}?_sort={sort}")).ExpectAsync(200))!;
        Assert.Equal("searchset", (string?)bundle["type"]);
    }

    [Fact]
    public async Task GivenASortOnThePatients_WhenSortedByFamily_ThenTheOrderFollowsTheNames()
    {
        Assert.Equal(["a", "b", "c"], (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:tag|{_tag}&_sort=family")).ExpectAsync(200))!
            .EntryIds().Select(id => _ids.Single(p => p.Value == id).Key));
    }
}

public sealed class SearchListsAndLimitsTestsOnSqlite(SqliteServerFixture server) : SearchListsAndLimitsTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SearchListsAndLimitsTestsOnPostgres(PostgresServerFixture server) : SearchListsAndLimitsTests(server), IClassFixture<PostgresServerFixture>;
