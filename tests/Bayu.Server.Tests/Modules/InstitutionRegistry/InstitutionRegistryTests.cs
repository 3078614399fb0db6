using System.Text.Json.Nodes;
using Bayu.Server.Fhir;
using Bayu.Server.Modules.InstitutionRegistry;
using Bayu.Server.Platform;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Outbox;
using Bayu.Storage.Store;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Tests.Modules.InstitutionRegistry;

/// <summary>
/// The institution registry over HTTP, as a supervisor uses it: institutions submit through the
/// REST API with meta.source, the outbox handler counts each version once (also when delivered
/// again), silent institutions are listed, and bad requests and bad options are refused. The
/// outbox is asynchronous, so a test polls the registry until it shows the expected state.
/// </summary>
public abstract class InstitutionRegistryTests(ServerFixture server)
{
    private const string Registry = "/fhir/Organization/$institution-registry";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(10);

    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenSubmissionsWithMetaSource_WhenTheHandlerGetsAVersionTwice_ThenItIsCountedOnce()
    {
        var org = await InstitutionAsync("pharmacy");
        var observation = (await (await _client.PostAsync("/fhir/Observation", Observation($"Organization/{org}#lis"))).ExpectAsync(201))!;
        await (await _client.PostAsync("/fhir/Patient", $$"""{"resourceType":"Patient","meta":{"source":"https://bayu.example/fhir/Organization/{{org}}"},"name":[{"text":"王芳"}]}""")).ExpectAsync(201);
        var counted = await UntilAsync(org, i => Submissions(i) == 2);
        var handler = server.Services.GetRequiredService<SubmissionHandler>();
        var again = new OutboxMessage(long.MaxValue, handler.Name, OutboxEvent.ResourceVersionKind, "Observation", observation.Id(), 1, StoredMethod.Create, null, 2, DateTimeOffset.UtcNow);

        await handler.HandleAsync(again, CancellationToken.None);
        await handler.HandleAsync(again, CancellationToken.None);

        var institution = Institution(await RegistryAsync(""), org)!;
        Assert.Equal(2, Submissions(institution));
        Assert.Equal(["Observation", "Patient"], ResourceTypes(institution).Select(t => t.Code).ToArray());
        Assert.All(ResourceTypes(institution), t => Assert.Equal(1, t.Submissions));
        Assert.False(Bool(institution, "silent"));
        Assert.Equal((string?)Value(counted, "last-submission"), (string?)Value(institution, "last-submission"));
        Assert.Equal("pharmacy", (string?)Parts(institution, "type").Single()["valueCoding"]!["code"]);
    }

    [Fact]
    public async Task GivenAnInstitutionThatNeverSubmitted_WhenTheRegistryIsRead_ThenItIsListedSilentWithoutALastSubmission()
    {
        var silent = await InstitutionAsync("village-clinic");
        var busy = await InstitutionAsync("hospital");
        await (await _client.PostAsync("/fhir/Observation", Observation($"Organization/{busy}"))).ExpectAsync(201);
        await UntilAsync(busy, i => Submissions(i) == 1);

        var all = await RegistryAsync("");
        var onlySilent = await RegistryAsync("?silent=true");
        var onlyActive = await RegistryAsync("?silent=false");

        var entry = Institution(all, silent)!;
        Assert.True(Bool(entry, "silent"));
        Assert.Null(Value(entry, "last-submission"));
        Assert.Equal(0, Submissions(entry));
        Assert.Equal("村卫生室", (string?)Parts(entry, "organization").Single()["valueReference"]!["display"]);
        Assert.NotNull(Institution(onlySilent, silent));
        Assert.Null(Institution(onlySilent, busy));
        Assert.NotNull(Institution(onlyActive, busy));
        Assert.Null(Institution(onlyActive, silent));
    }

    [Fact]
    public async Task GivenASilentSinceDate_WhenTheRegistryIsRead_ThenSubmissionsBeforeItDoNotCount()
    {
        var org = await InstitutionAsync("primary-care-centre");
        await (await _client.PostAsync("/fhir/Observation", Observation($"Organization/{org}"))).ExpectAsync(201);
        await UntilAsync(org, i => Submissions(i) == 1);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var recent = await RegistryAsync("?silent-since=2026-01-01");
        var future = await RegistryAsync($"?silent-since={tomorrow}");
        var byPost = (await (await _client.PostAsync(Registry, $$"""{"resourceType":"Parameters","parameter":[{"name":"silent-since","valueDate":"{{tomorrow}}"},{"name":"silent","valueBoolean":true}]}""")).ExpectAsync(200))!;

        Assert.False(Bool(Institution(recent, org)!, "silent"));
        // A date is a day in China Standard Time: its start, 16:00 the day before in UTC.
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 16, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse((string)recent["parameter"]![0]!["valueInstant"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(Bool(Institution(future, org)!, "silent"));
        Assert.True(Bool(Institution(byPost, org)!, "silent"));
    }

    [Fact]
    public async Task GivenWritesThatNameNoInstitution_WhenDelivered_ThenNothingIsCountedOrListed()
    {
        var org = await InstitutionAsync("hospital");
        var plain = Infrastructure.Fhir.Unique("org");
        await (await _client.PutAsync($"/fhir/Organization/{plain}", $$"""{"resourceType":"Organization","id":"{{plain}}","name":"某公司"}""")).ExpectAsync(201);
        await (await _client.PostAsync("/fhir/Observation", Observation($"Practitioner/{org}"))).ExpectAsync(201);
        await (await _client.PostAsync("/fhir/Observation", Observation($"Organization/{org}/_history/1"))).ExpectAsync(201);
        await (await _client.PostAsync("/fhir/Observation", Observation($"Organization/{plain}"))).ExpectAsync(201);

        await DeliveredAsync();

        var registry = await RegistryAsync("");
        Assert.Equal(0, Submissions(Institution(registry, org)!));
        Assert.True(Bool(Institution(registry, org)!, "silent"));
        // Counted for the Organization, which is not a connected institution (no institution type).
        Assert.Null(Institution(registry, plain));
    }

    [Fact]
    public async Task GivenTheMetadata_WhenRead_ThenOrganizationListsTheOperation()
    {
        var metadata = (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;

        var organization = metadata["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Organization")!;
        var operation = organization["operation"]!.AsArray().Single(o => (string?)o!["name"] == "institution-registry")!;
        Assert.Equal("https://bayu.example/fhir/OperationDefinition/institution-registry", (string?)operation["definition"]);
        Assert.DoesNotContain(metadata["rest"]![0]!["operation"]!.AsArray(), o => (string?)o!["name"] == "institution-registry");
    }

    [Theory]
    [InlineData("?since=2026-12-01", "unknown parameter 'since'")]
    [InlineData("?silent-since=2026-13-01", "not a FHIR date")]
    [InlineData("?silent-since=yesterday", "not a FHIR date")]
    [InlineData("?silent=maybe", "true or false")]
    [InlineData("?silent=true&silent=false", "more than once")]
    [InlineData("?_count=10", "unknown parameter '_count'")]
    public async Task GivenABadParameter_WhenTheRegistryIsRead_Then400WithAnOutcome(string query, string message)
    {
        var outcome = (await (await _client.GetAsync(Registry + query)).ExpectAsync(400))!;

        Assert.Contains(message, (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPostWithAnotherResource_WhenInvoked_Then400()
    {
        await (await _client.PostAsync(Registry, """{"resourceType":"Patient"}""")).ExpectAsync(400);
    }

    [Theory]
    [InlineData("SilentAfterDays", "0")]
    [InlineData("SilentAfterDays", "400")]
    [InlineData("InstitutionTypeSystem", "institution-type")]
    public async Task GivenABadOption_WhenTheServerStarts_ThenItRefusesNamingTheOption(string option, string value)
    {
        // The platform's services started as the server starts them, over the fixture's store: a
        // refusal surfaces as itself (WebApplicationFactory may report a disposed provider instead).
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(server.Settings);
        builder.Configuration.AddInMemoryCollection([new($"Bayu:Modules:InstitutionRegistry:{option}", value)]);
        builder.AddFhirServer();
        builder.AddBayuModules();
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTheDefaults_WhenRead_ThenSevenDaysAndTheDemoRegionsTypeSystem()
    {
        var options = server.Services.GetRequiredService<IOptions<InstitutionRegistryOptions>>().Value;

        Assert.Equal(7, options.SilentAfterDays);
        Assert.Equal(Bayu.Demo.Region.DemoCodes.InstitutionTypeSystem, options.InstitutionTypeSystem);
    }

    private async Task<string> InstitutionAsync(string type)
    {
        var id = Infrastructure.Fhir.Unique("org");
        var display = type switch { "village-clinic" => "村卫生室", "pharmacy" => "药店", "primary-care-centre" => "社区卫生服务中心", _ => "医院" };
        await (await _client.PutAsync($"/fhir/Organization/{id}", $$"""
            {"resourceType":"Organization","id":"{{id}}","active":true,"name":"{{display}}",
             "type":[{"coding":[{"system":"http://bayu.health/fhir/CodeSystem/institution-type","code":"{{type}}","display":"{{display}}"}]}]}
            """)).ExpectAsync(201);
        return id;
    }

    private static string Observation(string source) => $$"""
        {"resourceType":"Observation","meta":{"source":"{{source}}"},"status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"valueQuantity":{"value":72,"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"} }
        """;

    private async Task<JsonObject> RegistryAsync(string query) => (await (await _client.GetAsync(Registry + query)).ExpectAsync(200))!;

    /// <summary>Reads the registry until the institution's entry satisfies <paramref name="done"/>, for at most 10 s.</summary>
    private async Task<JsonObject> UntilAsync(string organization, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (true)
        {
            var entry = Institution(await RegistryAsync(""), organization);
            if (entry is not null && done(entry))
            {
                return entry;
            }
            Assert.True(DateTime.UtcNow < deadline, $"the registry did not reach the expected state for {organization} within {s_wait}: {entry?.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until the registry's handler has no pending delivery, for at most 10 s.</summary>
    private async Task DeliveredAsync()
    {
        var queue = server.Services.GetRequiredService<OutboxQueue>();
        var deadline = DateTime.UtcNow + s_wait;
        while ((await queue.CountsAsync()).Any(c => c is { Handler: SubmissionHandler.HandlerName, State: DeliveryState.Pending }))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the registry's deliveries were not all handled within {s_wait}");
            await Task.Delay(50);
        }
    }

    private static JsonObject? Institution(JsonObject parameters, string organization) =>
        parameters["parameter"]!.AsArray().Select(p => p!.AsObject())
            .FirstOrDefault(p => (string?)p["name"] == "institution" && (string?)Parts(p, "organization").Single()["valueReference"]!["reference"] == $"Organization/{organization}");

    private static IEnumerable<JsonObject> Parts(JsonObject parameter, string name) =>
        (parameter["part"]?.AsArray() ?? []).Select(p => p!.AsObject()).Where(p => (string?)p["name"] == name);

    private static JsonNode? Value(JsonObject parameter, string name) =>
        Parts(parameter, name).SingleOrDefault()?.FirstOrDefault(kv => kv.Key.StartsWith("value", StringComparison.Ordinal)).Value?.DeepClone();

    private static bool Bool(JsonObject parameter, string name) => (bool)Value(parameter, name)!;

    private static int Submissions(JsonObject institution) => (int)Value(institution, "submissions")!;

    private static List<(string Code, int Submissions)> ResourceTypes(JsonObject institution) =>
        [.. Parts(institution, "resource-type").Select(t => ((string)Value(t, "code")!, (int)Value(t, "submissions")!))];
}

public sealed class InstitutionRegistryTestsOnSqlite(SqliteServerFixture server) : InstitutionRegistryTests(server), IClassFixture<SqliteServerFixture>;

public sealed class InstitutionRegistryTestsOnPostgres(PostgresServerFixture server) : InstitutionRegistryTests(server), IClassFixture<PostgresServerFixture>;
