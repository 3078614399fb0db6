using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// The search limits through the host (values per parameter, parameters per query, _count,
/// _offset): refused with a 400 naming the setting, or a page and links, never a 500. What long
/// lists, :missing and _sort match is the store's (Bayu.Storage.Tests: Search/SearchListsAndSortTests).
/// </summary>
public abstract class SearchLimitsTests(ServerFixture server) : IAsyncLifetime
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

    /// <summary>The given values followed by decoys up to <paramref name="total"/>, comma-separated and URL-escaped.</summary>
    private static string List(int total, Func<int, string> decoy, params string[] values) =>
        string.Join(",", values.Concat(Enumerable.Range(0, total - values.Length).Select(decoy)).Select(Uri.EscapeDataString));

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
    [InlineData("Claim", "_lastUpdated:missing=2020")]
    [InlineData("Claim", "_id:missing=yes")]
    public async Task GivenMissingWithANonBoolean_WhenSearched_Then400(string type, string query) =>
        await (await _client.GetAsync($"/fhir/{type}?{query}")).ExpectAsync(400);

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

}

public sealed class SearchLimitsTestsOnSqlite(SqliteServerFixture server) : SearchLimitsTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SearchLimitsTestsOnPostgres(PostgresServerFixture server) : SearchLimitsTests(server), IClassFixture<PostgresServerFixture>;
