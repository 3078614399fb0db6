using System.Globalization;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// History <c>_at</c>, and create-on-update switched off. The <c>:above</c>, <c>:below</c> and
/// <c>:identifier</c> modifiers are the store's (Bayu.Storage.Tests: Search/SearchTests).
/// </summary>
public abstract class HistoryAtTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenTwoVersions_WhenHistoryIsAskedAtAnInstant_ThenOnlyTheVersionCurrentThenIsReturned()
    {
        var v1 = (await (await _client.PostAsync("/fhir/Practitioner", """{"resourceType":"Practitioner","name":[{"family":"Huang"}]}""")).ExpectAsync(201))!;
        var id = v1.Id();
        var between = DateTimeOffset.Parse((string)v1["meta"]!["lastUpdated"]!, CultureInfo.InvariantCulture).AddMilliseconds(1);
        await Task.Delay(50);
        await (await _client.PutAsync($"/fhir/Practitioner/{id}", $$"""{"resourceType":"Practitioner","id":"{{id}}","name":[{"family":"Huang2"}]}""")).ExpectAsync(200);

        var then = (await (await _client.GetAsync($"/fhir/Practitioner/{id}/_history?_at={Uri.EscapeDataString(between.ToString("o"))}")).ExpectAsync(200))!;
        Assert.Equal(["1"], then.Entries().Select(e => (string?)e["resource"]!["meta"]!["versionId"]));

        var now = (await (await _client.GetAsync($"/fhir/Practitioner/{id}/_history?_at={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(1).ToString("o"))}")).ExpectAsync(200))!;
        Assert.Equal(["2"], now.Entries().Select(e => (string?)e["resource"]!["meta"]!["versionId"]));

        var before = (await (await _client.GetAsync($"/fhir/Practitioner/{id}/_history?_at={Uri.EscapeDataString(between.AddHours(-1).ToString("o"))}")).ExpectAsync(200))!;
        Assert.Empty(before.Entries());
        await (await _client.GetAsync($"/fhir/Practitioner/{id}/_history?_at=soon")).ExpectAsync(400);
    }
}

public sealed class HistoryAtTestsOnSqlite(SqliteServerFixture server) : HistoryAtTests(server), IClassFixture<SqliteServerFixture>;

public sealed class HistoryAtTestsOnPostgres(PostgresServerFixture server) : HistoryAtTests(server), IClassFixture<PostgresServerFixture>;

/// <summary>With <c>Bayu:Storage:AllowCreateOnUpdate=false</c> a PUT to a new id is refused; updates still work.</summary>
public abstract class CreateOnUpdateDisabledTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenCreateOnUpdateIsOff_WhenPuttingANewId_Then405AndNothingIsStoredButUpdatesWork()
    {
        var id = Infrastructure.Fhir.Unique("put");
        var refused = await _client.PutAsync($"/fhir/Patient/{id}", $$"""{"resourceType":"Patient","id":"{{id}}","gender":"male"}""");
        var outcome = (await refused.ExpectAsync(405))!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Contains("create on update", (string?)outcome["issue"]![0]!["diagnostics"] ?? (string?)outcome["issue"]![0]!["details"]?["text"], StringComparison.Ordinal);
        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(404);

        var created = (await (await _client.PostAsync("/fhir/Patient", """{"resourceType":"Patient","gender":"male"}""")).ExpectAsync(201))!.Id();
        await (await _client.PutAsync($"/fhir/Patient/{created}", $$"""{"resourceType":"Patient","id":"{{created}}","gender":"female"}""")).ExpectAsync(200);

        var statement = (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;
        var patient = statement["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Patient")!;
        Assert.False((bool?)patient["updateCreate"]);
    }
}

public sealed class NoCreateOnUpdateSqliteFixture : ServerFixture
{
    public override Bayu.Storage.Store.StoreProvider Provider => Bayu.Storage.Store.StoreProvider.Sqlite;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Bayu:Storage:AllowCreateOnUpdate"] = "false";
}

public sealed class NoCreateOnUpdatePostgresFixture : ServerFixture
{
    public override Bayu.Storage.Store.StoreProvider Provider => Bayu.Storage.Store.StoreProvider.Postgres;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Bayu:Storage:AllowCreateOnUpdate"] = "false";
}

public sealed class CreateOnUpdateDisabledTestsOnSqlite(NoCreateOnUpdateSqliteFixture server) : CreateOnUpdateDisabledTests(server), IClassFixture<NoCreateOnUpdateSqliteFixture>;

public sealed class CreateOnUpdateDisabledTestsOnPostgres(NoCreateOnUpdatePostgresFixture server) : CreateOnUpdateDisabledTests(server), IClassFixture<NoCreateOnUpdatePostgresFixture>;
