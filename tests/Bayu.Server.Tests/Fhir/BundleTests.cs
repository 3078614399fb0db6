using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>Transaction and batch Bundles at the base URL.</summary>
public abstract class BundleTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Entry(string fullUrl, string method, string url, string? resource, string? ifNoneExist = null) =>
        $$"""{"fullUrl":"{{fullUrl}}",{{(resource is null ? "" : $"\"resource\":{resource},")}}"request":{"method":"{{method}}","url":"{{url}}"{{(ifNoneExist is null ? "" : $",\"ifNoneExist\":\"{ifNoneExist}\"")}}} }""";

    private static string Bundle(string type, params string[] entries) =>
        $$"""{"resourceType":"Bundle","type":"{{type}}","entry":[{{string.Join(",", entries)}}]}""";

    private static string Patient(string mrn) =>
        $$"""{"resourceType":"Patient","identifier":[{"system":"urn:mrn","value":"{{mrn}}"}],"name":[{"family":"Tang"}]}""";

    private static string Observation(string subject, string mrn) =>
        $$"""{"resourceType":"Observation","status":"final","identifier":[{"system":"urn:obs","value":"{{mrn}}"}],"code":{"text":"weight"},"subject":{"reference":"{{subject}}"} }""";

    private async Task<int> CountAsync(string query) =>
        (await (await _client.GetAsync($"/fhir/{query}")).ExpectAsync(200))!.EntryIds().Count;

    [Fact]
    public async Task GivenATransactionWithUrnReferences_WhenPosted_ThenReferencesPointToTheNewIds()
    {
        var mrn = Infrastructure.Fhir.Unique("tx");
        var patientUrn = "urn:uuid:" + Guid.NewGuid();
        var bundle = Bundle("transaction",
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Observation", Observation(patientUrn, mrn)),
            Entry(patientUrn, "POST", "Patient", Patient(mrn)));
        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;
        Assert.Equal("transaction-response", (string?)response["type"]);
        var statuses = response.Entries().Select(e => (string?)e["response"]!["status"]).ToList();
        Assert.Equal(["201 Created", "201 Created"], statuses);
        var patientLocation = (string)response.Entries()[1]["response"]!["location"]!;
        var patientId = patientLocation.Split('/')[1];

        var observations = (await (await _client.GetAsync($"/fhir/Observation?identifier=urn:obs|{mrn}")).ExpectAsync(200))!;
        var observation = observations.Entries().Single()["resource"]!;
        Assert.Equal($"Patient/{patientId}", (string?)observation["subject"]!["reference"]);
        Assert.Equal(1, await CountAsync($"Observation?subject=Patient/{patientId}"));
    }

    [Fact]
    public async Task GivenConditionalCreatesAndReferences_WhenPostedTwice_ThenTheyResolveToTheSameResource()
    {
        var mrn = Infrastructure.Fhir.Unique("cond");
        var hospital = Bundle("batch", Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Patient(mrn), $"identifier=urn:mrn|{mrn}"));
        var first = (await (await _client.PostAsync("/fhir", hospital)).ExpectAsync(200))!;
        Assert.Equal("201 Created", (string?)first.Entries()[0]["response"]!["status"]);
        var second = (await (await _client.PostAsync("/fhir", hospital)).ExpectAsync(200))!;
        Assert.Equal("200 OK", (string?)second.Entries()[0]["response"]!["status"]);
        Assert.Equal(1, await CountAsync($"Patient?identifier=urn:mrn|{mrn}"));

        var withReference = Bundle("transaction",
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Observation", Observation($"Patient?identifier=urn:mrn|{mrn}", mrn)));
        var tx = (await (await _client.PostAsync("/fhir", withReference)).ExpectAsync(200))!;
        Assert.Equal("201 Created", (string?)tx.Entries()[0]["response"]!["status"]);
        var patientId = (await (await _client.GetAsync($"/fhir/Patient?identifier=urn:mrn|{mrn}")).ExpectAsync(200))!.EntryIds().Single();
        Assert.Equal(1, await CountAsync($"Observation?subject=Patient/{patientId}"));
    }

    [Fact]
    public async Task GivenAManyEntryTransactionMixingLocalAndConditionalReferences_WhenPosted_ThenEveryReferenceIsRewritten()
    {
        // Enough entries to be prepared in parallel; entries with a conditional reference wait for
        // it to be resolved, the others are prepared straight away.
        var mrn = Infrastructure.Fhir.Unique("mix");
        var existing = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn + "-known"))).ExpectAsync(201))!.Id();
        var patientUrn = "urn:uuid:" + Guid.NewGuid();
        var entries = new List<string> { Entry(patientUrn, "POST", "Patient", Patient(mrn)) };
        for (var i = 0; i < 8; i++)
        {
            var subject = i % 2 == 0 ? patientUrn : $"Patient?identifier=urn:mrn|{mrn}-known";
            entries.Add(Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Observation", Observation(subject, $"{mrn}-{i}")));
        }
        var response = (await (await _client.PostAsync("/fhir", Bundle("transaction", [.. entries]))).ExpectAsync(200))!;
        Assert.All(response.Entries(), e => Assert.Equal("201 Created", (string?)e["response"]!["status"]));
        var patientId = ((string)response.Entries()[0]["response"]!["location"]!).Split('/')[1];
        Assert.Equal(4, await CountAsync($"Observation?subject=Patient/{patientId}"));
        Assert.Equal(4, await CountAsync($"Observation?subject=Patient/{existing}"));
    }

    [Fact]
    public async Task GivenATransactionWithOneBadEntry_WhenPosted_ThenNothingIsWritten()
    {
        var mrn = Infrastructure.Fhir.Unique("rb");
        var existing = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn + "-old"))).ExpectAsync(201))!.Id();
        var bundle = Bundle("transaction",
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Patient(mrn)),
            Entry("urn:uuid:" + Guid.NewGuid(), "DELETE", $"Patient/{existing}", null),
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Observation", Observation("Patient?identifier=urn:mrn|nobody-has-this", mrn)));
        var response = await _client.PostAsync("/fhir", bundle);
        var outcome = (await response.ExpectAsync(412))!;
        Assert.Contains("rolled back", outcome.ToJsonString(), StringComparison.Ordinal);

        Assert.Equal(0, await CountAsync($"Patient?identifier=urn:mrn|{mrn}"));
        Assert.Equal(0, await CountAsync($"Observation?identifier=urn:obs|{mrn}"));
        await (await _client.GetAsync($"/fhir/Patient/{existing}")).ExpectAsync(200);
        var history = (await (await _client.GetAsync($"/fhir/Patient/{existing}/_history")).ExpectAsync(200))!;
        Assert.Single(history.Entries());
    }

    [Fact]
    public async Task GivenATransactionWithAStaleIfMatch_WhenPosted_ThenItFailsWith412AndLeavesNoTrace()
    {
        var mrn = Infrastructure.Fhir.Unique("im");
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn))).ExpectAsync(201))!.Id();
        var resource = JsonNode.Parse(Patient(mrn))!.AsObject();
        resource["id"] = id;
        var put = $$"""{"resource":{{resource.ToJsonString()}},"request":{"method":"PUT","url":"Patient/{{id}}","ifMatch":"W/\"9\""} }""";
        var bundle = Bundle("transaction", Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Patient(mrn + "-new")), put);
        await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(412);
        Assert.Equal(0, await CountAsync($"Patient?identifier=urn:mrn|{mrn}-new"));
    }

    [Fact]
    public async Task GivenABatchWithGoodAndBadEntries_WhenPosted_ThenEachEntryHasItsOwnStatus()
    {
        var mrn = Infrastructure.Fhir.Unique("batch");
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn))).ExpectAsync(201))!.Id();
        var bundle = Bundle("batch",
            Entry("urn:uuid:" + Guid.NewGuid(), "GET", $"Patient/{id}", null),
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Patient(mrn + "-b")),
            Entry("urn:uuid:" + Guid.NewGuid(), "GET", "Patient/nope", null),
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Observation("Patient/x", mrn)),
            Entry("urn:uuid:" + Guid.NewGuid(), "GET", $"Patient?identifier=urn:mrn|{mrn}", null),
            Entry("urn:uuid:" + Guid.NewGuid(), "DELETE", $"Patient/{id}", null));
        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;
        Assert.Equal("batch-response", (string?)response["type"]);
        var statuses = response.Entries().Select(e => ((string?)e["response"]!["status"])!.Split(' ')[0]).ToList();
        // DELETE runs before GET (spec order), so the GETs of the deleted patient see it gone.
        Assert.Equal(["410", "201", "404", "400", "200", "204"], statuses);
        Assert.Equal("OperationOutcome", (string?)response.Entries()[3]["response"]!["outcome"]!["resourceType"]);
        Assert.Equal(1, await CountAsync($"Patient?identifier=urn:mrn|{mrn}-b"));
    }

    [Fact]
    public async Task GivenABatchWhoseMiddleEntryFailsAfterReading_WhenPosted_ThenTheOthersStayAndSeeEachOther()
    {
        // Batch writes share a transaction behind one savepoint per entry: the failed entry is
        // rolled back alone, and a later conditional create sees an earlier entry's write.
        var mrn = Infrastructure.Fhir.Unique("sp");
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn + "-old"))).ExpectAsync(201))!.Id();
        var staleUpdate = $$"""{"fullUrl":"urn:uuid:{{Guid.NewGuid()}}","resource":{{Patient(mrn + "-old").Replace("{\"resourceType\":\"Patient\",", $"{{\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal)}},"request":{"method":"PUT","url":"Patient/{{id}}","ifMatch":"W/\"9\""} }""";
        var bundle = Bundle("batch",
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Patient", Patient(mrn)),
            staleUpdate,
            Entry("urn:uuid:" + Guid.NewGuid(), "PUT", $"Patient?identifier=urn:mrn|{mrn}", Patient(mrn)));
        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;
        var statuses = response.Entries().Select(e => ((string?)e["response"]!["status"])!.Split(' ')[0]).ToList();
        Assert.Equal(["201", "412", "200"], statuses);
        Assert.Equal(1, await CountAsync($"Patient?identifier=urn:mrn|{mrn}"));
        var created = ((string)response.Entries()[0]["response"]!["location"]!).Split('/')[1];
        var updated = (string)response.Entries()[2]["response"]!["location"]!;
        Assert.Equal($"Patient/{created}/_history/2", updated);
        var history = (await (await _client.GetAsync($"/fhir/Patient/{id}/_history")).ExpectAsync(200))!;
        Assert.Single(history.Entries());
    }

    [Fact]
    public async Task GivenBadBundles_WhenPosted_ThenTheyAreRefused()
    {
        await (await _client.PostAsync("/fhir", Bundle("collection"))).ExpectAsync(400);
        await (await _client.PostAsync("/fhir", Patient("x"))).ExpectAsync(400);
        await (await _client.PostAsync("/fhir", Bundle("transaction", """{"resource":{"resourceType":"Patient"},"request":{"method":"POST","url":"Nothing"}}"""))).ExpectAsync(400);
        await (await _client.PostAsync("/fhir", Bundle("transaction", """{"resource":{"resourceType":"Patient"}}"""))).ExpectAsync(400);
    }

    private static string JsonPatchBinary(string patch) =>
        $$"""{"resourceType":"Binary","contentType":"application/json-patch+json","data":"{{Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(patch))}}"}""";

    [Fact]
    public async Task GivenATransactionWithAJsonPatchEntry_WhenPosted_ThenThePatchIsAppliedAsANewVersion()
    {
        var mrn = Infrastructure.Fhir.Unique("patch");
        var created = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn))).ExpectAsync(201))!;
        var id = created.Id();
        var bundle = Bundle("transaction",
            Entry("urn:uuid:" + Guid.NewGuid(), "PATCH", $"Patient/{id}", JsonPatchBinary("""[{"op":"replace","path":"/name/0/family","value":"唐"},{"op":"add","path":"/gender","value":"female"}]""")));

        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;

        Assert.Equal("200 OK", (string?)response.Entries()[0]["response"]!["status"]);
        var read = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal("唐", (string?)read["name"]![0]!["family"]);
        Assert.Equal("female", (string?)read["gender"]);
        Assert.Equal("2", read.VersionId());
    }

    [Fact]
    public async Task GivenATransactionWhosePatchCannotApply_WhenPosted_ThenNothingInItIsStored()
    {
        var mrn = Infrastructure.Fhir.Unique("patchfail");
        var created = (await (await _client.PostAsync("/fhir/Patient", Patient(mrn))).ExpectAsync(201))!;
        var bundle = Bundle("transaction",
            Entry("urn:uuid:" + Guid.NewGuid(), "POST", "Observation", Observation($"Patient/{created.Id()}", mrn)),
            Entry("urn:uuid:" + Guid.NewGuid(), "PATCH", $"Patient/{created.Id()}", JsonPatchBinary("""[{"op":"replace","path":"/nosuch/0","value":"x"}]""")));

        var response = await _client.PostAsync("/fhir", bundle);

        await response.ExpectAsync(422);
        Assert.Equal(0, await CountAsync($"Observation?identifier=urn:obs|{mrn}"));
        Assert.Equal("1", (await (await _client.GetAsync($"/fhir/Patient/{created.Id()}")).ExpectAsync(200))!.VersionId());
    }

    [Fact]
    public async Task GivenAPatchEntryWithoutAnId_WhenPostedInABatch_ThenThatEntryFailsWith400()
    {
        var bundle = Bundle("batch", Entry("urn:uuid:" + Guid.NewGuid(), "PATCH", "Patient", JsonPatchBinary("""[{"op":"add","path":"/active","value":true}]""")));

        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;

        Assert.StartsWith("400", (string?)response.Entries()[0]["response"]!["status"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Parameters","parameter":[{"name":"operation"}]}""", "FHIRPath Patch")]
    [InlineData("""{"resourceType":"Binary","contentType":"text/plain","data":"eA=="}""", "application/json-patch+json")]
    public async Task GivenABatchPatchEntryInAnUnsupportedForm_WhenPosted_ThenThatEntryFailsWith400AndSaysWhy(string resource, string reason)
    {
        var created = (await (await _client.PostAsync("/fhir/Patient", Patient(Infrastructure.Fhir.Unique("pb")))).ExpectAsync(201))!;
        var bundle = Bundle("batch", Entry("urn:uuid:" + Guid.NewGuid(), "PATCH", $"Patient/{created.Id()}", resource));

        var response = (await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;

        var entry = response.Entries()[0]["response"]!;
        Assert.StartsWith("400", (string?)entry["status"], StringComparison.Ordinal);
        Assert.Contains(reason, (string?)entry["outcome"]!["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }
}

public sealed class BundleTestsOnSqlite(SqliteServerFixture server) : BundleTests(server), IClassFixture<SqliteServerFixture>;

public sealed class BundleTestsOnPostgres(PostgresServerFixture server) : BundleTests(server), IClassFixture<PostgresServerFixture>;
