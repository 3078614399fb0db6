using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;

namespace Bayu.Server.Tests.Demo;

/// <summary>
/// First start on an empty store seeds the demo region through the validating write path; a
/// restart over the same store leaves it as it is.
/// </summary>
public abstract class DemoSeedingTests(ServerFixture server)
{
    private const int Residents = 40;
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenAnEmptyStore_WhenTheServerStarts_ThenTheDemoRegionIsThereWithValidChineseIdentifiers()
    {
        Assert.Equal(Residents, await TotalAsync("Patient"));
        // The city and its 38 districts and counties are locations, with the institutions' buildings below them.
        Assert.True(await TotalAsync("Location") > 39);
        Assert.True(await TotalAsync("Location?partof=Location/loc-cq") >= 38);
        Assert.True(await TotalAsync("Organization?type=http://bayu.health/fhir/CodeSystem/institution-type|hospital") > 0);
        Assert.True(await TotalAsync("Organization?type=http://bayu.health/fhir/CodeSystem/institution-type|cdc") > 0);
        Assert.True(await TotalAsync("PractitionerRole") > 0);

        // Every seeded resident passed the cn-patient rules on the way in; check one again explicitly.
        var patient = (await (await _client.GetAsync("/fhir/Patient?_count=1")).ExpectAsync(200))!.Entries()[0]["resource"]!.ToJsonString();
        var outcome = (await (await _client.PostAsync("/fhir/Patient/$validate?profile=http://bayu.health/fhir/StructureDefinition/cn-patient", patient)).ExpectAsync(200))!;
        Assert.DoesNotContain(outcome["issue"]!.AsArray(), i => (string?)i!["severity"] is "error" or "fatal");
    }

    [Fact]
    public async Task GivenASeededStore_WhenTheServerRestarts_ThenNothingIsSeededAgain()
    {
        var before = await TotalAsync("Organization");

        await using var restarted = server.CreateHost();
        using var client = ServerFixture.AuthorizedClient(restarted);
        var after = (await (await client.GetAsync("/fhir/Organization?_summary=count")).ExpectAsync(200))!;

        Assert.Equal(before, (int?)after["total"]);
        Assert.Equal(Residents, await TotalAsync("Patient"));
    }

    private async Task<int> TotalAsync(string query)
    {
        var separator = query.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var bundle = (await (await _client.GetAsync($"/fhir/{query}{separator}_summary=count")).ExpectAsync(200))!;
        return (int?)bundle["total"] ?? -1;
    }
}

public sealed class DemoSqliteFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Bayu:Demo:Seed"] = "true";
        settings["Bayu:Demo:Residents"] = "40";
    }
}

public sealed class DemoPostgresFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Bayu:Demo:Seed"] = "true";
        settings["Bayu:Demo:Residents"] = "40";
    }
}

public sealed class DemoSeedingTestsOnSqlite(DemoSqliteFixture server) : DemoSeedingTests(server), IClassFixture<DemoSqliteFixture>;

public sealed class DemoSeedingTestsOnPostgres(DemoPostgresFixture server) : DemoSeedingTests(server), IClassFixture<DemoPostgresFixture>;
