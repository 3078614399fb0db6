using System.Net.Http.Headers;
using System.Text;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>Instance interactions (create, read, vread, update, patch, delete, history) through the real host.</summary>
public abstract class CrudTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Patient(string family, string? id = null, string? identifier = null) =>
        $$"""{"resourceType":"Patient"{{(id is null ? "" : $",\"id\":\"{id}\"")}},"identifier":[{"system":"urn:test","value":"{{identifier ?? family}}"}],"name":[{"family":"{{family}}","given":["明"]}],"gender":"female","birthDate":"1990-02-03"}""";

    [Fact]
    public async Task GivenANewPatient_WhenCreatedAndRead_ThenTheServerAssignsIdVersionAndServesTheSameJson()
    {
        var created = await _client.PostAsync("/fhir/Patient", Patient("Li"));
        var body = (await created.ExpectAsync(201))!;
        Assert.Equal("1", body.VersionId());
        Assert.Equal($"W/\"1\"", created.Headers.ETag?.ToString());
        Assert.EndsWith($"/fhir/Patient/{body.Id()}/_history/1", created.Headers.Location!.ToString(), StringComparison.Ordinal);

        var read = await _client.GetAsync($"/fhir/Patient/{body.Id()}");
        var readBody = (await read.ExpectAsync(200))!;
        // PostgreSQL's jsonb reorders keys; the content must be identical.
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(body, readBody), $"{body.ToJsonString()} != {readBody.ToJsonString()}");
        Assert.Equal("application/fhir+json", read.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task GivenAnExistingPatient_WhenUpdatedWithIfMatch_ThenOnlyTheCurrentVersionSucceeds()
    {
        var id = Infrastructure.Fhir.Unique("upd");
        (await (await _client.PutAsync($"/fhir/Patient/{id}", Patient("Zhao", id))).ExpectAsync(201))!.VersionId();

        var stale = await _client.PutAsync($"/fhir/Patient/{id}", Patient("Zhao2", id), ("If-Match", "W/\"7\""));
        await stale.ExpectAsync(412);

        var updated = await _client.PutAsync($"/fhir/Patient/{id}", Patient("Zhao3", id), ("If-Match", "W/\"1\""));
        var body = (await updated.ExpectAsync(200))!;
        Assert.Equal("2", body.VersionId());
        Assert.Equal("Zhao3", (string?)body["name"]![0]!["family"]);

        var v1 = (await (await _client.GetAsync($"/fhir/Patient/{id}/_history/1")).ExpectAsync(200))!;
        Assert.Equal("Zhao", (string?)v1["name"]![0]!["family"]);
    }

    [Fact]
    public async Task GivenAnUpdate_WhenTheBodyIdDiffersFromTheUrl_ThenItIsRejectedWith400()
    {
        var response = await _client.PutAsync("/fhir/Patient/abc", Patient("Qian", "xyz"));
        await response.ExpectAsync(400);
    }

    [Fact]
    public async Task GivenADeletedPatient_WhenRead_ThenGoneAndHistoryKeepsEveryVersion()
    {
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient("Sun"))).ExpectAsync(201))!.Id();
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient("Sun2", id))).ExpectAsync(200);
        await (await _client.DeleteAsync($"/fhir/Patient/{id}")).ExpectAsync(204);

        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(410);
        await (await _client.GetAsync($"/fhir/Patient/{id}/_history/3")).ExpectAsync(410);
        await (await _client.GetAsync($"/fhir/Patient/{id}/_history/1")).ExpectAsync(200);

        var history = (await (await _client.GetAsync($"/fhir/Patient/{id}/_history")).ExpectAsync(200))!;
        Assert.Equal("history", (string?)history["type"]);
        var methods = history.Entries().Select(e => (string?)e["request"]!["method"]).ToList();
        Assert.Equal(["DELETE", "PUT", "POST"], methods);
        Assert.Null(history.Entries()[0]["resource"]);

        // Gone from search too.
        var search = (await (await _client.GetAsync($"/fhir/Patient?_id={id}")).ExpectAsync(200))!;
        Assert.Empty(search.EntryIds());
    }

    [Fact]
    public async Task GivenUnknownThings_WhenRead_Then404WithOperationOutcome()
    {
        await (await _client.GetAsync("/fhir/Patient/does-not-exist")).ExpectAsync(404);
        await (await _client.GetAsync("/fhir/NotAType/1")).ExpectAsync(404);
        await (await _client.GetAsync("/fhir/Patient/1/_history/x")).ExpectAsync(404);
        await (await _client.GetAsync("/fhir/Patient/1/a/b/c")).ExpectAsync(404);
    }

    [Fact]
    public async Task GivenBadBodies_WhenPosted_ThenTheyAreRefusedBeforeTheDatabase()
    {
        await (await _client.PostAsync("/fhir/Patient", "{\"resourceType\":\"Patient\",")).ExpectAsync(400);
        await (await _client.PostAsync("/fhir/Patient", "{\"resourceType\":\"Patient\",\"gender\":\"unknown-gender-code\",\"bogus\":1}")).ExpectAsync(400);
        await (await _client.PostAsync("/fhir/Patient", "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"x\"}}")).ExpectAsync(400);
        using var text = new StringContent("hello", Encoding.UTF8, "text/plain");
        await (await _client.PostAsync("/fhir/Patient", text)).ExpectAsync(415);
        await (await _client.PostAsync("/fhir/Patient/123", Patient("Wu"))).ExpectAsync(405);
        await (await _client.SendAsync(HttpMethod.Put, "/fhir/Patient")).ExpectAsync(405);
    }

    [Fact]
    public async Task GivenIfNoneExist_WhenTheSameCreateIsSentTwice_ThenOnlyOneResourceExists()
    {
        var identifier = Infrastructure.Fhir.Unique("cc");
        var first = await _client.PostAsync("/fhir/Patient", Patient("Zhou", identifier: identifier), ("If-None-Exist", $"identifier=urn:test|{identifier}"));
        var id = (await first.ExpectAsync(201))!.Id();
        var second = await _client.PostAsync("/fhir/Patient", Patient("Zhou", identifier: identifier), ("If-None-Exist", $"identifier=urn:test|{identifier}"));
        Assert.Equal(200, (int)second.StatusCode);
        Assert.Contains($"/Patient/{id}/", second.Headers.Location!.ToString(), StringComparison.Ordinal);
        var search = (await (await _client.GetAsync($"/fhir/Patient?identifier=urn:test|{identifier}")).ExpectAsync(200))!;
        Assert.Equal([id], search.EntryIds());
    }

    [Fact]
    public async Task GivenSearchCriteria_WhenConditionallyUpdatedAndDeleted_ThenTheMatchIsChanged()
    {
        var identifier = Infrastructure.Fhir.Unique("cu");
        var created = await _client.PutAsync($"/fhir/Patient?identifier=urn:test|{identifier}", Patient("Wang", identifier: identifier));
        var id = (await created.ExpectAsync(201))!.Id();
        var updated = await _client.PutAsync($"/fhir/Patient?identifier=urn:test|{identifier}", Patient("Wang2", identifier: identifier));
        var body = (await updated.ExpectAsync(200))!;
        Assert.Equal(id, body.Id());
        Assert.Equal("2", body.VersionId());

        // Two matches: a conditional update must refuse.
        await (await _client.PostAsync("/fhir/Patient", Patient("Wang3", identifier: identifier))).ExpectAsync(201);
        await (await _client.PutAsync($"/fhir/Patient?identifier=urn:test|{identifier}", Patient("Wang4", identifier: identifier))).ExpectAsync(412);
        await (await _client.DeleteAsync($"/fhir/Patient?identifier=urn:test|{identifier}")).ExpectAsync(412);
        await (await _client.DeleteAsync($"/fhir/Patient?identifier=urn:test|{identifier}&family=Wang2")).ExpectAsync(204);
        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(410);
    }

    [Fact]
    public async Task GivenAnETagOrDate_WhenReadConditionally_ThenNotModified()
    {
        var created = await _client.PostAsync("/fhir/Patient", Patient("Feng"));
        var id = (await created.ExpectAsync(201))!.Id();
        var same = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient/{id}", ("If-None-Match", "W/\"1\""));
        Assert.Equal(304, (int)same.StatusCode);
        var other = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient/{id}", ("If-None-Match", "W/\"2\""));
        Assert.Equal(200, (int)other.StatusCode);
        var later = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient/{id}", ("If-Modified-Since", DateTimeOffset.UtcNow.AddMinutes(5).ToString("R")));
        Assert.Equal(304, (int)later.StatusCode);
        var earlier = await _client.SendAsync(HttpMethod.Get, $"/fhir/Patient/{id}", ("If-Modified-Since", DateTimeOffset.UtcNow.AddDays(-1).ToString("R")));
        Assert.Equal(200, (int)earlier.StatusCode);
    }

    [Fact]
    public async Task GivenAJsonPatch_WhenApplied_ThenANewVersionHasTheChangeAndBadPatchesAreRefused()
    {
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient("Chen"))).ExpectAsync(201))!.Id();
        async Task<HttpResponseMessage> PatchAsync(string patch, string contentType = "application/json-patch+json", string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"/fhir/Patient/{id}") { Content = new StringContent(patch, Encoding.UTF8) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            return await _client.SendAsync(request);
        }

        var patched = (await (await PatchAsync("""[{"op":"replace","path":"/gender","value":"male"}]""", ifMatch: "W/\"1\"")).ExpectAsync(200))!;
        Assert.Equal("male", (string?)patched["gender"]);
        Assert.Equal("2", patched.VersionId());

        await (await PatchAsync("""[{"op":"replace","path":"/gender","value":"male"}]""", ifMatch: "W/\"1\"")).ExpectAsync(412);
        await (await PatchAsync("""[{"op":"replace","path":"/id","value":"other"}]""")).ExpectAsync(422);
        await (await PatchAsync("""[{"op":"replace","path":"/gender","value":"robot"}]""")).ExpectAsync(422);
        await (await PatchAsync("""[{"op":"replace","path":"/gender","value":"male"}]""", "application/fhir+json")).ExpectAsync(415);
        await (await PatchAsync("not json")).ExpectAsync(400);

        var current = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal("2", current.VersionId());
    }

    [Fact]
    public async Task GivenPreferReturn_WhenCreating_ThenTheBodyFollowsThePreference()
    {
        var minimal = await _client.PostAsync("/fhir/Patient", Patient("He"), ("Prefer", "return=minimal"));
        Assert.Equal(201, (int)minimal.StatusCode);
        Assert.Empty(await minimal.Content.ReadAsStringAsync());
        Assert.NotNull(minimal.Headers.Location);

        var outcome = await _client.PostAsync("/fhir/Patient", Patient("He"), ("Prefer", "return=OperationOutcome"));
        var body = (await outcome.ExpectAsync(201))!;
        Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
    }

    [Fact]
    public async Task GivenXml_WhenCreatedAndReadAsXml_ThenFormatsAreNegotiated()
    {
        const string xml = """<Patient xmlns="http://hl7.org/fhir"><name><family value="Lü"/></name><gender value="other"/></Patient>""";
        using var content = new StringContent(xml, Encoding.UTF8, "application/fhir+xml");
        var created = await _client.PostAsync("/fhir/Patient", content);
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("application/fhir+xml", created.Content.Headers.ContentType!.MediaType);
        var location = created.Headers.Location!.ToString();
        var id = location.Split('/')[^3];

        var asXml = await _client.GetAsync($"/fhir/Patient/{id}?_format=xml");
        Assert.Contains("<family value=\"Lü\"", await asXml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var pretty = await _client.GetAsync($"/fhir/Patient/{id}?_pretty=true");
        Assert.Contains("\n", await pretty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var json = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal("Lü", (string?)json["name"]![0]!["family"]);
        var summary = (await (await _client.GetAsync($"/fhir/Patient/{id}?_elements=gender")).ExpectAsync(200))!;
        Assert.Null(summary["name"]);
        Assert.Equal("other", (string?)summary["gender"]);
        await (await _client.GetAsync($"/fhir/Patient/{id}?_format=csv")).ExpectAsync(406);
    }

    [Fact]
    public async Task GivenSeveralWrites_WhenTypeAndSystemHistoryAreRead_ThenSinceAndCountApply()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = (await (await _client.PostAsync("/fhir/Practitioner", """{"resourceType":"Practitioner","name":[{"family":"Ma"}]}""")).ExpectAsync(201))!.Id();
        var typeHistory = (await (await _client.GetAsync($"/fhir/Practitioner/_history?_since={Uri.EscapeDataString(before.ToString("o"))}&_count=50")).ExpectAsync(200))!;
        Assert.Contains(id, typeHistory.Entries().Select(e => (string?)e["resource"]?["id"]));
        Assert.All(typeHistory.Entries(), e => Assert.Equal("Practitioner", (string?)e["resource"]?["resourceType"]));

        var future = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("o"));
        var empty = (await (await _client.GetAsync($"/fhir/_history?_since={future}")).ExpectAsync(200))!;
        Assert.Empty(empty.Entries());

        var one = (await (await _client.GetAsync("/fhir/_history?_count=1")).ExpectAsync(200))!;
        Assert.Single(one.Entries());
        Assert.Contains(one["link"]!.AsArray(), l => (string?)l!["relation"] == "next");
        await (await _client.GetAsync("/fhir/_history?_since=yesterday")).ExpectAsync(400);
    }

    [Fact]
    public async Task GivenTheServer_WhenMetadataIsRequested_ThenTheCapabilityStatementListsWhatIsImplemented()
    {
        var statement = (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;
        Assert.Equal("CapabilityStatement", (string?)statement["resourceType"]);
        Assert.Equal("4.0.1", (string?)statement["fhirVersion"]);
        var patient = statement["rest"]![0]!["resource"]!.AsArray().Single(r => (string?)r!["type"] == "Patient")!;
        var interactions = patient["interaction"]!.AsArray().Select(i => (string?)i!["code"]).ToList();
        Assert.Contains("vread", interactions);
        Assert.Contains("patch", interactions);
        var parameters = patient["searchParam"]!.AsArray().Select(p => (string?)p!["name"]).ToList();
        Assert.Contains("identifier", parameters);
        Assert.Contains("birthdate", parameters);
        Assert.Equal(146, statement["rest"]![0]!["resource"]!.AsArray().Count);
        Assert.Contains(statement["rest"]![0]!["operation"]!.AsArray(), o => (string?)o!["name"] == "validate");
    }
}

public sealed class CrudTestsOnSqlite(SqliteServerFixture server) : CrudTests(server), IClassFixture<SqliteServerFixture>;

public sealed class CrudTestsOnPostgres(PostgresServerFixture server) : CrudTests(server), IClassFixture<PostgresServerFixture>;
