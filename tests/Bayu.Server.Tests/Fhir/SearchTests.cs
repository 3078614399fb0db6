using System.Text;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// Search through the real host: paging and its links, <c>_summary=count</c>, refusals and lenient
/// handling, search by POST. What each parameter matches is the store's, tested on the store
/// itself (Bayu.Storage.Tests: Search/).
/// </summary>
public abstract class SearchTests(ServerFixture server) : IAsyncLifetime
{
    private readonly HttpClient _client = server.Client;
    private readonly string _tag = Infrastructure.Fhir.Unique("s");
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        // Each test class instance gets its own tagged data set, so tests never see each other's rows.
        foreach (var (key, family, given, birth, gender) in new[]
        {
            ("zhang", "Zhāng", "伟", "1970-01-15", "male"),
            ("zhao", "Zhao", "娜", "1985-06-30", "female"),
            ("li", "李", "强", "2001", "male"),
        })
        {
            var json = $$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"identifier":[{"system":"urn:mrn","value":"{{_tag}}-{{key}}"}],"active":{{(key == "li" ? "false" : "true")}},"name":[{"family":"{{family}}","given":["{{given}}"]}],"gender":"{{gender}}","birthDate":"{{birth}}","telecom":[{"system":"phone","value":"138{{key.Length}}"}]}""";
            _ids[key] = (await (await _client.PostAsync("/fhir/Patient", json)).ExpectAsync(201))!.Id();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task GivenSortAndCount_WhenPaging_ThenPagesAreStableAndLinked()
    {
        var first = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:tag|{_tag}&_sort=birthdate&_count=2&_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(3, (int?)first["total"]);
        Assert.Equal(2, first.EntryIds().Count);
        var next = first["link"]!.AsArray().Single(l => (string?)l!["relation"] == "next")!["url"]!.ToString();
        var second = (await (await _client.GetAsync(new Uri(next).PathAndQuery)).ExpectAsync(200))!;
        Assert.Equal([_ids["li"]], second.EntryIds());
        Assert.Contains(second["link"]!.AsArray(), l => (string?)l!["relation"] == "previous");
        Assert.DoesNotContain(second["link"]!.AsArray(), l => (string?)l!["relation"] == "next");

        var count = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:tag|{_tag}&_summary=count")).ExpectAsync(200))!;
        Assert.Equal(3, (int?)count["total"]);
        Assert.Empty(count.Entries());
        Assert.DoesNotContain(count["link"]!.AsArray(), l => (string?)l!["relation"] == "next");
    }

    [Theory]
    [InlineData("nonsense=1")]
    [InlineData("birthdate=notadate")]
    [InlineData("birthdate=xx2020")]
    [InlineData("name:below=x")]
    [InlineData("general-practitioner.name=x")]
    [InlineData("_count=-1")]
    [InlineData("_sort=nonsense")]
    [InlineData("active:missing=maybe")]
    [InlineData("_include=Patient:organization")]
    [InlineData("nonsense=1&_summary=count")]
    [InlineData("nonsense=1&_elements=id")]
    public async Task GivenMalformedOrUnknownParameters_WhenSearchedStrictly_Then400(string query)
    {
        var outcome = (await (await _client.GetAsync($"/fhir/Patient?{query}")).ExpectAsync(400))!;

        // The outcome always says what was wrong, whatever _summary or _elements asked for.
        Assert.False(string.IsNullOrEmpty((string?)outcome["issue"]![0]!["diagnostics"]));
    }

    [Fact]
    public async Task GivenAnUnknownParameter_WhenHandlingIsLenient_ThenItIsIgnoredAndReported()
    {
        var response = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient?_tag=urn:tag|{_tag}&nonsense=1", ("Prefer", "handling=lenient"));
        var bundle = (await response.ExpectAsync(200))!;
        Assert.Equal(3, bundle.EntryIds().Count);
        Assert.Contains(bundle.Entries(), e => (string?)e["search"]?["mode"] == "outcome");
    }

    [Fact]
    public async Task GivenAFormBody_WhenSearchedByPost_ThenItMatchesTheGetSearch()
    {
        using var form = new FormUrlEncodedContent([new("_tag", $"urn:tag|{_tag}"), new("gender", "male")]);
        var bundle = (await (await _client.PostAsync("/fhir/Patient/_search", form)).ExpectAsync(200))!;
        Assert.Equal(new[] { _ids["li"], _ids["zhang"] }.Order(), bundle.EntryIds().Order());
        using var json = new StringContent("{}", Encoding.UTF8, "application/json");
        await (await _client.PostAsync("/fhir/Patient/_search", json)).ExpectAsync(415);
    }
}

public sealed class SearchTestsOnSqlite(SqliteServerFixture server) : SearchTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SearchTestsOnPostgres(PostgresServerFixture server) : SearchTests(server), IClassFixture<PostgresServerFixture>;
