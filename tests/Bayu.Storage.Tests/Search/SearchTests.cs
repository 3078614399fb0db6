using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// What each parameter type matches, on the store: tokens, strings, dates and their prefixes,
/// quantities in canonical units, references, the resource-row parameters, modifiers, sorting and
/// paging, and that only the current version is indexed. How the server pages and links them
/// is Bayu.Server.Tests' (Fhir/SearchTests).
/// </summary>
public abstract class SearchTests(StoreFixture fixture) : IAsyncLifetime
{
    private readonly SqlResourceStore _store = fixture.OpenStore();
    private readonly string _tag = Writes.NewId("s");
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
            _ids[key] = await Writes.CreateAsync(_store, json);
        }
        foreach (var (key, value, unit, code) in new[] { ("o1", "5", "mg", "mg"), ("o2", "120", "mm[Hg]", "mm[Hg]"), ("o3", "0.2", "g", "g") })
        {
            var json = $$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"status":"final","code":{"coding":[{"system":"http://loinc.org","code":"{{key}}-code","display":"Blood pressure"}]},"subject":{"reference":"Patient/{{_ids["zhang"]}}"},"effectiveDateTime":"2024-03-0{{key[1]}}T10:00:00+08:00","valueQuantity":{"value":{{value}},"unit":"{{unit}}","system":"http://unitsofmeasure.org","code":"{{code}}"} }""";
            _ids[key] = await Writes.CreateAsync(_store, json);
        }
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<List<string>> FindAsync(string type, string query)
    {
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. (await _store.FindAsync(type, $"_tag=urn:tag|{_tag}&{query}")).Select(id => byId.TryGetValue(id, out var key) ? key : id)];
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
    public async Task GivenSortCountAndOffset_WhenSearched_ThenTheOrderIsStableAndThePagesSplitIt()
    {
        Assert.Equal(["zhang", "zhao", "li"], await FindAsync("Patient", "_sort=birthdate"));
        Assert.Equal(["li", "zhao", "zhang"], await FindAsync("Patient", "_sort=-birthdate"));
        Assert.Equal(["zhang", "zhao", "li"], await FindAsync("Patient", "_sort=family"));

        var first = await _store.SearchAsync(Queries.Parse("Patient", $"_tag=urn:tag|{_tag}&_sort=birthdate&_count=2&_total=accurate"));
        Assert.Equal(3, first.Total);
        Assert.Equal([_ids["zhang"], _ids["zhao"]], first.Resources.Select(r => r.Id));
        var second = await _store.SearchAsync(Queries.Parse("Patient", $"_tag=urn:tag|{_tag}&_sort=birthdate&_count=2&_offset=2"));
        Assert.Null(second.Total);
        Assert.Equal([_ids["li"]], second.Resources.Select(r => r.Id));
        Assert.Equal(3, await _store.CountAsync("Patient", $"_tag=urn:tag|{_tag}"));
    }

    [Fact]
    public async Task GivenAnUpdate_WhenSearchedAgain_ThenOnlyTheCurrentVersionIsIndexed()
    {
        var id = _ids["zhao"];
        var json = $$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"name":[{"family":"Qian"}],"gender":"female","birthDate":"1985-06-30"}""";
        await Writes.CommitAsync(_store, Writes.Resource(json, id, version: 2));
        Assert.Empty(await FindAsync("Patient", "name=zhao"));
        Assert.Equal(["zhao"], await FindAsync("Patient", "name=qian"));
    }

    [Fact]
    public async Task GivenACanonicalUrl_WhenSearchedWithAboveAndBelow_ThenTheHierarchyOfTheUrlDecides()
    {
        var url = "http://example.org/fhir/ValueSet/" + Writes.NewId("vs");
        var id = await Writes.CreateAsync(_store, $$"""{"resourceType":"ValueSet","url":"{{url}}","status":"active"}""");

        // :above matches resources whose url is the given one or one of its ancestors.
        Assert.Equal([id], await _store.FindAsync("ValueSet", "url:above=" + Uri.EscapeDataString(url + "/_history/2")));
        Assert.Empty(await _store.FindAsync("ValueSet", "url:above=" + Uri.EscapeDataString(url[..^3])));
        // :below matches resources whose url starts with the given path.
        Assert.Contains(id, await _store.FindAsync("ValueSet", "url:below=" + Uri.EscapeDataString("http://example.org/fhir/ValueSet") + "&_count=1000"));
    }

    [Fact]
    public async Task GivenAReferenceByIdentifierOnly_WhenSearchedWithTheIdentifierModifier_ThenItMatchesBySystemAndValue()
    {
        var card = Writes.NewId("card");
        var id = await Writes.CreateAsync(_store, $$$"""
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},
             "subject":{"identifier":{"system":"http://bayu.health/fhir/sid/ehr-number","value":"{{{card}}}"}},"valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
            """);

        Assert.Equal([id], await _store.FindAsync("Observation", "subject:identifier=" + Uri.EscapeDataString("http://bayu.health/fhir/sid/ehr-number|" + card)));
        Assert.Equal([id], await _store.FindAsync("Observation", "subject:identifier=" + card));
        Assert.Empty(await _store.FindAsync("Observation", "subject:identifier=" + Uri.EscapeDataString("urn:other|" + card)));
    }
}

public sealed class SearchTestsOnSqlite(SqliteStoreFixture fixture) : SearchTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SearchTestsOnPostgres(PostgresStoreFixture fixture) : SearchTests(fixture), IClassFixture<PostgresStoreFixture>;
