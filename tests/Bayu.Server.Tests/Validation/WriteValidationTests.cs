using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;

namespace Bayu.Server.Tests.Validation;

/// <summary>The validator on the write path (422, nothing stored) and the <c>$validate</c> operation.</summary>
public abstract class WriteValidationTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    // Parses fine (the parser checks structure and cardinality), but breaks invariant qty-3: a unit
    // code without its system; only the profile validator finds it.
    internal static string ObservationBreakingAnInvariant(string tag) =>
        $$$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:test","code":"{{{tag}}}"}]},"status":"final","code":{"text":"血糖"},"valueQuantity":{"value":5.6,"code":"mmol/L"}}""";

    // Missing status and code (1..1): the parser refuses it already, with 400.
    private static string ObservationWithoutStatusAndCode(string tag) =>
        $$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:test","code":"{{tag}}"}]},"valueString":"x"}""";

    private static string ValidObservation(string tag) =>
        $$$"""{"resourceType":"Observation","meta":{"tag":[{"system":"urn:test","code":"{{{tag}}}"}]},"status":"final","code":{"text":"体温"},"valueQuantity":{"value":36.8,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}""";

    [Fact]
    public async Task GivenAResourceWithErrors_WhenCreated_ThenItIsRefusedWith422NamingEachProblemAndNothingIsStored()
    {
        var tag = Infrastructure.Fhir.Unique("val");

        var response = await _client.PostAsync("/fhir/Observation", ObservationBreakingAnInvariant(tag));

        var outcome = (await response.ExpectAsync(422))!;
        Assert.Contains(Errors(outcome), e => e.Expression.StartsWith("Observation.value", StringComparison.Ordinal) && e.Text.Contains("qty-3", StringComparison.Ordinal));
        var search = (await (await _client.GetAsync($"/fhir/Observation?_tag=urn:test|{tag}&_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(0, (int?)search["total"]);
    }

    [Fact]
    public async Task GivenAResourceMissingRequiredElements_WhenCreated_ThenTheParserRefusesItWith400()
    {
        var response = await _client.PostAsync("/fhir/Observation", ObservationWithoutStatusAndCode("x"));

        var outcome = (await response.ExpectAsync(400))!;
        Assert.Contains(Errors(outcome), e => e.Expression == "Observation.status");
    }

    [Fact]
    public async Task GivenAValidResource_WhenCreated_ThenItIsStored()
    {
        var response = await _client.PostAsync("/fhir/Observation", ValidObservation(Infrastructure.Fhir.Unique("ok")));

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task GivenATransactionWithOneInvalidEntry_WhenPosted_ThenItIsRefusedAndNoEntryIsStored()
    {
        var tag = Infrastructure.Fhir.Unique("txv");
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:6f1c1f52-0000-4000-8000-000000000001","resource":{{{ValidObservation(tag)}}},"request":{"method":"POST","url":"Observation"}},
              {"fullUrl":"urn:uuid:6f1c1f52-0000-4000-8000-000000000002","resource":{{{ObservationBreakingAnInvariant(tag)}}},"request":{"method":"POST","url":"Observation"}}]}
            """;

        var response = await _client.PostAsync("/fhir", bundle);

        var outcome = (await response.ExpectAsync(422))!;
        Assert.Contains(Errors(outcome), e => e.Text.Contains("qty-3", StringComparison.Ordinal));
        var search = (await (await _client.GetAsync($"/fhir/Observation?_tag=urn:test|{tag}&_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(0, (int?)search["total"]);
    }

    [Fact]
    public async Task GivenAnInvalidResource_WhenValidatedWithTheOperation_ThenTheAnswerIs200WithTheErrors()
    {
        var response = await _client.PostAsync("/fhir/Observation/$validate", ObservationWithoutStatusAndCode("v"));
        var invariant = await _client.PostAsync("/fhir/Observation/$validate", ObservationBreakingAnInvariant("v"));

        var outcome = (await response.ExpectAsync(200))!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        Assert.Contains(Errors(outcome), e => e.Expression == "Observation.status");
        Assert.Contains(Errors((await invariant.ExpectAsync(200))!), e => e.Text.Contains("qty-3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAValidResource_WhenValidatedWithTheOperation_ThenThereAreNoErrors()
    {
        var response = await _client.PostAsync("/fhir/Observation/$validate", ValidObservation("v"));

        var outcome = (await response.ExpectAsync(200))!;
        Assert.Empty(Errors(outcome));
    }

    [Fact]
    public async Task GivenAParametersBodyWithTheChinesePatientProfile_WhenValidated_ThenABadResidentIdCheckCharacterIsAnError()
    {
        // 11010519491231002X is the standard's own example; changing its check character must be caught.
        var parameters = """
            {"resourceType":"Parameters","parameter":[
              {"name":"resource","resource":{"resourceType":"Patient","identifier":[{"system":"http://bayu.health/fhir/sid/cn-resident-id","value":"110105194912310021"}],"name":[{"text":"王芳"}],"gender":"female","birthDate":"1949-12-31"}},
              {"name":"profile","valueCanonical":"http://bayu.health/fhir/StructureDefinition/cn-patient"}]}
            """;

        var response = await _client.PostAsync("/fhir/Patient/$validate", parameters);

        var outcome = (await response.ExpectAsync(200))!;
        Assert.NotEmpty(Errors(outcome));
        Assert.Contains(Errors(outcome), e => e.Text.Contains("check", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task GivenAMismatchedType_WhenValidated_ThenTheRequestIsRefusedWith400()
    {
        var response = await _client.PostAsync("/fhir/Patient/$validate", ValidObservation("v"));

        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task GivenAnUnknownType_WhenValidated_ThenTheAnswerIs404()
    {
        var response = await _client.PostAsync("/fhir/Nonsense/$validate", ValidObservation("v"));

        await response.ExpectAsync(404);
    }

    internal static List<(string Expression, string Text)> Errors(JsonObject outcome) =>
        [.. outcome["issue"]!.AsArray()
            .Where(i => (string?)i!["severity"] is "error" or "fatal")
            .Select(i => ((string?)i!["expression"]?[0] ?? "", ((string?)i["details"]?["text"] ?? "") + " " + ((string?)i["diagnostics"] ?? "")))];
}

/// <summary>With <c>Bayu:Validation:OnWrite=false</c> the profile validator is off the write path (the parser still is on it).</summary>
public abstract class WriteValidationOffTests(ServerFixture server)
{
    [Fact]
    public async Task GivenValidationOff_WhenAResourceBreaksAnInvariant_ThenItIsStoredAndValidateStillReportsIt()
    {
        var created = await server.Client.PostAsync("/fhir/Observation", WriteValidationTests.ObservationBreakingAnInvariant("off"));
        await created.ExpectAsync(201);

        var validated = await server.Client.PostAsync("/fhir/Observation/$validate", WriteValidationTests.ObservationBreakingAnInvariant("off"));
        Assert.Contains(WriteValidationTests.Errors((await validated.ExpectAsync(200))!), e => e.Text.Contains("qty-3", StringComparison.Ordinal));
    }
}

public sealed class ValidationOffSqliteFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;

    protected override void Configure(Dictionary<string, string?> settings) => settings["Bayu:Validation:OnWrite"] = "false";
}

public sealed class WriteValidationOffTestsOnSqlite(ValidationOffSqliteFixture server) : WriteValidationOffTests(server), IClassFixture<ValidationOffSqliteFixture>;

public sealed class WriteValidationTestsOnSqlite(SqliteServerFixture server) : WriteValidationTests(server), IClassFixture<SqliteServerFixture>;

public sealed class WriteValidationTestsOnPostgres(PostgresServerFixture server) : WriteValidationTests(server), IClassFixture<PostgresServerFixture>;
