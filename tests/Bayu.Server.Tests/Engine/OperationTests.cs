using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Engine;

/// <summary>
/// Operations through the engine: the routes of every level, GET only for operations that change
/// nothing, levels and types as the operation declares them, the pipeline around each invocation,
/// and the CapabilityStatement listing the operation on its type.
/// </summary>
public abstract class OperationTests(PipelineFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenATypeAndInstanceOperation_WhenInvokedWithGetOrPost_ThenItAnswersWithItsInputAtEachLevel()
    {
        var type = (await (await _client.GetAsync("/fhir/Patient/$echo?greeting=你好")).ExpectAsync(200))!;
        var instance = (await (await _client.PostAsync("/fhir/Patient/p1/$echo", """{"resourceType":"Parameters","parameter":[{"name":"n","valueInteger":3}]}""")).ExpectAsync(200))!;

        Assert.Equal("Patient/", (string?)type["parameter"]![0]!["valueString"]);
        Assert.Equal("你好", (string?)type["parameter"]![1]!["valueString"]);
        Assert.Equal("Patient/p1", (string?)instance["parameter"]![0]!["valueString"]);
        Assert.Equal(3, (int?)instance["parameter"]![1]!["valueInteger"]);
    }

    [Theory]
    [InlineData("/fhir/$echo", 404)]
    [InlineData("/fhir/Observation/$echo", 404)]
    [InlineData("/fhir/$nosuch", 404)]
    [InlineData("/fhir/NoSuchType/$echo", 404)]
    [InlineData("/fhir/Patient/$validate", 405)]
    [InlineData("/fhir/$reindex", 405)]
    public async Task GivenAnOperationWhereItIsNotDefinedOrAGetThatWouldChangeState_WhenInvoked_ThenRefusedWithAnOutcome(string url, int status)
    {
        await (await _client.GetAsync(url)).ExpectAsync(status);
    }

    [Fact]
    public async Task GivenARuleOnAnOperation_WhenInvoked_ThenThePipelineRefusesIt()
    {
        var outcome = (await (await _client.GetAsync("/fhir/Patient/forbidden/$echo")).ExpectAsync(403))!;

        Assert.Contains("not on this one", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheServer_WhenItsCapabilitiesAreRead_ThenATypeOperationIsListedOnItsType()
    {
        var statement = (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;
        var patient = statement["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Patient")!;

        Assert.Contains(patient["operation"]!.AsArray(), o => (string?)o!["name"] == "echo");
        Assert.DoesNotContain(statement["rest"]![0]!["operation"]!.AsArray(), o => (string?)o!["name"] == "echo");
    }
}

public sealed class OperationTestsOnSqlite(SqlitePipelineFixture server) : OperationTests(server), IClassFixture<SqlitePipelineFixture>;

public sealed class OperationTestsOnPostgres(PostgresPipelineFixture server) : OperationTests(server), IClassFixture<PostgresPipelineFixture>;
