using System.Text;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>Basic search through the real host: every parameter type, prefixes, modifiers, sorting, paging, errors.</summary>
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
        foreach (var (key, value, unit, code) in new[] { ("o1", "5", "mg", "mg"), ("o2", "120", "mm[Hg]", "mm[Hg]"), ("o3", "0.2", "g", "g") })
        {
            var json = $$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"{{key}}-code","display":"Blood pressure"}]},"subject":{"reference":"Patient/{{_ids["zhang"]}}"},"effectiveDateTime":"2024-03-0{{key[1]}}T10:00:00+08:00","valueQuantity":{"value":{{value}},"unit":"{{unit}}","system":"http://unitsofmeasure.org","code":"{{code}}"} }""";
            _ids[key] = (await (await _client.PostAsync("/fhir/Observation", json)).ExpectAsync(201))!.Id();
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<List<string>> FindAsync(string type, string query)
    {
        var bundle = (await (await _client.GetAsync($"/fhir/{type}?_tag=urn:tag|{_tag}&{query}")).ExpectAsync(200))!;
        Assert.Equal("searchset", (string?)bundle["type"]);
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. bundle.EntryIds().Select(id => byId.TryGetValue(id, out var key) ? key : id)];
    }

    [Theory]
    [InlineData("name=zhang", "zhang")]
    [InlineData("name=ZHA", "zhang,zhao")]
    [InlineData("family=李", "li")]
    [InlineData("name:exact=Zhao", "zhao")]
    [InlineData("name:exact=zhao", "")]
    [InlineData("name:contains=hao", "zhao")]
    [InlineData("given=伟,强", "li,zhang")]
    [InlineData("gender=male", "li,zhang")]
    [InlineData("gender:not=male", "zhao")]
    [InlineData("active=false", "li")]
    [InlineData("phone=1385", "zhang")]
    [InlineData("birthdate=1985", "zhao")]
    [InlineData("birthdate=1985-06", "zhao")]
    [InlineData("birthdate=lt1980-01-01", "zhang")]
    [InlineData("birthdate=ge1985-06-30", "li,zhao")]
    [InlineData("birthdate=gt2001-06-01", "li")] // the year 2001 reaches past June
    [InlineData("birthdate=gt2002", "")]
    [InlineData("birthdate=ge2001-06-01", "li")]
    [InlineData("birthdate=ne1970-01-15", "li,zhao")]
    [InlineData("birthdate=sa1990&gender=male", "li")]
    [InlineData("birthdate=eb1971", "zhang")]
    [InlineData("gender=male&birthdate=le1980", "zhang")]
    [InlineData("email:missing=true&gender=female", "zhao")]
    [InlineData("birthdate:missing=false&gender=female", "zhao")]
    public async Task GivenPatients_WhenSearchedOnPatientParameters_ThenExactlyTheMatchesReturn(string query, string expected)
    {
        var found = await FindAsync("Patient", query);
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), found.Order());
    }

    [Theory]
    [InlineData("value-quantity=5|http://unitsofmeasure.org|mg", "o1")]
    [InlineData("value-quantity=0.005|http://unitsofmeasure.org|g", "o1")]
    [InlineData("value-quantity=gt100", "o2")]
    [InlineData("value-quantity=lt1|http://unitsofmeasure.org|g", "o1,o3")]
    [InlineData("value-quantity=ap118|http://unitsofmeasure.org|mm[Hg]", "o2")]
    [InlineData("code=http://loinc.org|o2-code", "o2")]
    [InlineData("code=o1-code,o3-code", "o1,o3")]
    [InlineData("code:text=blood", "o1,o2,o3")]
    [InlineData("date=2024-03-02", "o2")]
    [InlineData("date=ge2024-03-02T10:00:00%2B08:00", "o2,o3")]
    public async Task GivenObservations_WhenSearchedOnQuantityTokenAndDate_ThenUnitsAndPrefixesApply(string query, string expected)
    {
        var found = await FindAsync("Observation", query);
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order(), found.Order());
    }

    [Fact]
    public async Task GivenReferences_WhenSearchedByIdTypeAndModifier_ThenTheSubjectsObservationsReturn()
    {
        var zhang = _ids["zhang"];
        Assert.Equal(3, (await FindAsync("Observation", $"subject=Patient/{zhang}")).Count);
        Assert.Equal(3, (await FindAsync("Observation", $"subject={zhang}")).Count);
        Assert.Equal(3, (await FindAsync("Observation", $"subject:Patient={zhang}")).Count);
        Assert.Equal(3, (await FindAsync("Observation", $"patient={zhang}")).Count);
        Assert.Empty(await FindAsync("Observation", $"subject=Group/{zhang}"));
        Assert.Empty(await FindAsync("Observation", $"subject={_ids["li"]}"));
    }

    [Fact]
    public async Task GivenIdAndLastUpdated_WhenSearched_ThenResourceRowParametersWork()
    {
        Assert.Equal(["li", "zhao"], (await FindAsync("Patient", $"_id={_ids["zhao"]},{_ids["li"]}")).Order());
        Assert.Equal(3, (await FindAsync("Patient", "_lastUpdated=gt2020-01-01")).Count);
        Assert.Empty(await FindAsync("Patient", "_lastUpdated=lt2020-01-01"));
    }

    [Fact]
    public async Task GivenSortAndCount_WhenPaging_ThenPagesAreStableAndLinked()
    {
        Assert.Equal(["zhang", "zhao", "li"], await FindAsync("Patient", "_sort=birthdate"));
        Assert.Equal(["li", "zhao", "zhang"], await FindAsync("Patient", "_sort=-birthdate"));
        Assert.Equal(["zhang", "zhao", "li"], await FindAsync("Patient", "_sort=family"));

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

    [Fact]
    public async Task GivenAnUpdate_WhenSearchedAgain_ThenOnlyTheCurrentVersionIsIndexed()
    {
        var id = _ids["zhao"];
        var json = $$"""{"resourceType":"Patient","id":"{{id}}","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"name":[{"family":"Qian"}],"gender":"female","birthDate":"1985-06-30"}""";
        await (await _client.PutAsync($"/fhir/Patient/{id}", json)).ExpectAsync(200);
        Assert.Empty(await FindAsync("Patient", "name=zhao"));
        Assert.Equal(["zhao"], await FindAsync("Patient", "name=qian"));
    }
}

public sealed class SearchTestsOnSqlite(SqliteServerFixture server) : SearchTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SearchTestsOnPostgres(PostgresServerFixture server) : SearchTests(server), IClassFixture<PostgresServerFixture>;
