using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// Search choices the R4 search page (https://hl7.org/fhir/R4/search.html) leaves to the server,
/// made as a clinician expects: quantities keep amounts of substance apart from counts, and a
/// family name matches part by part.
/// </summary>
public abstract class SearchSemanticsTests(StoreFixture fixture) : IAsyncLifetime
{
    private const string Ucum = "http://unitsofmeasure.org";
    private readonly SqlResourceStore _store = fixture.OpenStore();
    private readonly string _tag = Writes.NewId("sem");
    private readonly Dictionary<string, string> _ids = [];

    public async Task InitializeAsync()
    {
        foreach (var (key, family, given) in new[] { ("nunez", "Núñez Peña", "María"), ("jones", "Jones-Smith", "Ann"), ("ouyang", "欧阳", "娜"), ("pena", "Penaforte", "Rui") })
        {
            var json = $$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"name":[{"family":"{{family}}","given":["{{given}}"]}]}""";
            _ids[key] = await Writes.CreateAsync(_store, json);
        }
        var practitioner = $$"""{"resourceType":"Practitioner","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"name":[{"family":"García Márquez","given":["Gabriel"]}]}""";
        _ids["garcia"] = await Writes.CreateAsync(_store, practitioner);
        var related = $$"""{"resourceType":"RelatedPerson","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"patient":{"reference":"Patient/{{_ids["nunez"]}}"},"name":[{"family":"Lopez Obrador","given":["Andrés"]}]}""";
        _ids["lopez"] = await Writes.CreateAsync(_store, related);
        var person = $$"""{"resourceType":"Person","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"name":[{"family":"van der Berg","given":["Jan"]}]}""";
        _ids["vanderberg"] = await Writes.CreateAsync(_store, person);

        // A platelet count and a glucose concentration: UCUM's mol is the number 6.0221367e23, so
        // taken literally both are "per cubic metre" and the count equals 4.151e-10 mmol/L.
        foreach (var (key, value, unit) in new[] { ("platelets", "250", "10*9/L"), ("glucose", "5.5", "mmol/L") })
        {
            var json = $$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:tag","code":"{{_tag}}"}]},"status":"final","code":{"text":"{{key}}"},"valueQuantity":{"value":{{value}},"unit":"{{unit}}","system":"{{Ucum}}","code":"{{unit}}"} }""";
            _ids[key] = await Writes.CreateAsync(_store, json);
        }
    }

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<List<string>> FindAsync(string type, string query)
    {
        var byId = _ids.ToDictionary(p => p.Value, p => p.Key);
        return [.. (await _store.FindAsync(type, $"_tag=urn:tag|{_tag}&{query}")).Select(id => byId.TryGetValue(id, out var key) ? key : id).Order()];
    }

    // R4 search §quantity: "the server SHOULD convert to canonical units"; a substance concentration
    // and a cell count are different quantities, whatever UCUM's definition of the mole makes of them.
    [Theory]
    [InlineData("value-quantity=4.151e-10|" + Ucum + "|mmol/L", "")]
    [InlineData("value-quantity=lt1|" + Ucum + "|mmol/L", "")]
    [InlineData("value-quantity=gt0|" + Ucum + "|mmol/L", "glucose")]
    [InlineData("value-quantity=5500|" + Ucum + "|umol/L", "glucose")]
    [InlineData("value-quantity=5.5|" + Ucum + "|mmol/L", "glucose")]
    [InlineData("value-quantity=250|" + Ucum + "|10*9/L", "platelets")]
    [InlineData("value-quantity=250|" + Ucum + "|10*6/mL", "platelets")]
    [InlineData("value-quantity=gt0|" + Ucum + "|10*9/L", "platelets")]
    [InlineData("value-quantity=gt1e11|" + Ucum + "|/L", "platelets")]
    public async Task GivenACountAndASubstanceConcentration_WhenSearchedByQuantity_ThenTheyNeverMatchEachOther(string query, string expected) =>
        Assert.Equal(Keys(expected), await FindAsync("Observation", query));

    // R4 search §string: "servers SHOULD support searching for names by their parts: e.g. a family
    // name "Núñez Peña" is found by family=Peña"; :exact matches the whole value only.
    [Theory]
    [InlineData("family=Peña", "nunez,pena")]
    [InlineData("family=pena", "nunez,pena")]
    [InlineData("family=Peña,Smith", "jones,nunez,pena")]
    [InlineData("family=Núñez", "nunez")]
    [InlineData("family=nunez%20pe", "nunez")]
    [InlineData("name=peña", "nunez,pena")]
    [InlineData("name=Smith", "jones")]
    [InlineData("family=Jones", "jones")]
    [InlineData("family:exact=Peña", "")]
    [InlineData("name:exact=Peña", "")]
    [InlineData("family:exact=Núñez%20Peña", "nunez")]
    [InlineData("family:exact=Smith", "")]
    [InlineData("family=欧阳", "ouyang")]
    [InlineData("family=欧", "ouyang")]
    [InlineData("family=阳", "")]
    public async Task GivenMultiPartFamilyNames_WhenSearchedByFamilyOrName_ThenEachPartMatchesAndExactTheWhole(string query, string expected) =>
        Assert.Equal(Keys(expected), await FindAsync("Patient", query));

    [Theory]
    [InlineData("Practitioner", "family=marquez", "garcia")]
    [InlineData("Practitioner", "name=Márquez", "garcia")]
    [InlineData("Practitioner", "family:exact=Márquez", "")]
    [InlineData("RelatedPerson", "name=obrador", "lopez")]
    [InlineData("Person", "name=berg", "vanderberg")]
    [InlineData("Person", "name=der", "vanderberg")]
    public async Task GivenMultiPartFamilyNamesOnOtherPeople_WhenSearched_ThenEachPartMatches(string type, string query, string expected) =>
        Assert.Equal(Keys(expected), await FindAsync(type, query));

    private static List<string> Keys(string expected) => [.. expected.Split(',', StringSplitOptions.RemoveEmptyEntries).Order()];
}

public sealed class SearchSemanticsTestsOnSqlite(SqliteStoreFixture fixture) : SearchSemanticsTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class SearchSemanticsTestsOnPostgres(PostgresStoreFixture fixture) : SearchSemanticsTests(fixture), IClassFixture<PostgresStoreFixture>;
