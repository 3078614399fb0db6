using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Limits;

/// <summary>
/// The door's limits (issue 25): each refusal is a 4xx OperationOutcome naming its setting, the
/// process survives what used to kill it, and content just inside a limit is accepted and readable.
/// </summary>
public abstract class DoorLimitsTests(DoorFixture server)
{
    private const string XmlType = "application/fhir+xml";
    private readonly HttpClient _client = server.Client;

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(8_000)]
    [InlineData(300)]
    public async Task GivenXmlNestedBeyondTheDepthLimit_WhenPosted_Then400NamingTheLimitAndTheServerLives(int levels)
    {
        var body = new StringBuilder("<Patient xmlns=\"http://hl7.org/fhir\">");
        body.Insert(body.Length, "<extension url=\"http://x.org/y\">", levels).Append("<valueString value=\"v\"/>").Insert(body.Length, "</extension>", levels).Append("</Patient>");

        var response = await PostAsync("/fhir/Patient", body.ToString(), XmlType);

        await ExpectRefusal(response, 400, "too-costly", "Bayu:Limits:MaxDepth");
        await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200);
    }

    [Fact]
    public async Task GivenJsonNestedAMillionLevels_WhenPosted_Then400NamingTheLimit()
    {
        const int levels = 1_000_000;
        var body = new StringBuilder("{\"resourceType\":\"Patient\",\"extension\":[");
        body.Insert(body.Length, "{\"url\":\"http://x.org/y\",\"extension\":[", levels).Insert(body.Length, "]}", levels).Append("]}");

        await ExpectRefusal(await PostAsync("/fhir/Patient", body.ToString()), 400, "too-costly", "Bayu:Limits:MaxDepth");
    }

    [Fact]
    public async Task GivenJsonArraysNestedAMillionLevels_WhenPosted_Then400NamingTheLimit()
    {
        var body = "{\"resourceType\":\"Patient\",\"extension\":" + new string('[', 1_000_000) + new string(']', 1_000_000) + "}";

        await ExpectRefusal(await PostAsync("/fhir/Patient", body), 400, "structure", "Bayu:Limits:MaxDepth");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task GivenAResourceExactlyAtTheDepthLimit_WhenPosted_ThenStoredAndReadableInEveryFormat(string format)
    {
        // Patient is level 1 and 63 nested extensions make 64 levels in JSON (the innermost value is
        // a property of the 64th object) and in XML (where the value's own element is level 65 at
        // reader depth 64, as a primitive's element stands for its JSON property).
        var created = await PostAsync("/fhir/Patient", NestedPatient(63, format), format == "xml" ? XmlType : Infrastructure.Fhir.JsonType);
        Assert.Equal(201, (int)created.StatusCode);
        var id = LocationId(created);

        foreach (var query in new[] { "", "?_format=xml", "?_summary=true", "?_summary=text", "?_summary=data", "?_elements=id", "?_format=xml&_pretty=true" })
        {
            var read = await _client.GetAsync($"/fhir/Patient/{id}{query}");
            Assert.True(read.IsSuccessStatusCode, $"read{query}: {(int)read.StatusCode} {await read.Content.ReadAsStringAsync()}");
        }
        var searched = await _client.GetAsync($"/fhir/Patient?_id={id}&_summary=true");
        Assert.Equal(200, (int)searched.StatusCode);
        Assert.Contains(id, await searched.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("xml")]
    public async Task GivenAResourceOneLevelPastTheLimit_WhenPosted_Then400(string format)
    {
        var response = await PostAsync("/fhir/Patient", NestedPatient(64, format), format == "xml" ? XmlType : Infrastructure.Fhir.JsonType);

        await ExpectRefusal(response, 400, "too-costly", "at most 64");
    }

    [Theory]
    [InlineData("\\u0001", "U+0001")]
    [InlineData("\\u0000", "U+0000")]
    [InlineData("\\b", "U+0008")]
    [InlineData("\\uFFFF", "U+FFFF")]
    public async Task GivenAStringWithACharacterXmlCannotCarry_WhenPosted_Then400NamingIt(string escaped, string named)
    {
        var response = await PostAsync("/fhir/Patient", $$"""{"resourceType":"Patient","name":[{"text":"王{{escaped}}芳"}]}""");

        await ExpectRefusal(response, 400, "invalid", named);
    }

    [Fact]
    public async Task GivenAStringWithTabsAndNewlines_WhenPostedAndReadAsXml_ThenAccepted()
    {
        var created = await PostAsync("/fhir/Patient", """{"resourceType":"Patient","name":[{"text":"王\t芳\n\\\\u0001"}]}""");
        var id = (await created.ExpectAsync(201))!.Id();

        var xml = await _client.GetAsync($"/fhir/Patient/{id}?_format=xml");
        Assert.Equal(200, (int)xml.StatusCode);
        Assert.Contains("王", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAStringLongerThanFhirAllows_WhenPosted_Then400NamingTheLimit()
    {
        var response = await PostAsync("/fhir/Patient", $$"""{"resourceType":"Patient","name":[{"text":"{{new string('长', (1024 * 1024) + 1)}}"}]}""");

        await ExpectRefusal(response, 400, "too-long", "Bayu:Limits:MaxStringLength");
    }

    [Fact]
    public async Task GivenBase64DataLargerThanTheStringLimit_WhenPosted_ThenAcceptedBecauseOnlyTheBodySizeBoundsIt()
    {
        var data = Convert.ToBase64String(new byte[1024 * 1024]);
        var response = await PostAsync("/fhir/Binary", $$"""{"resourceType":"Binary","contentType":"application/pdf","data":"{{data}}"}""");

        await response.ExpectAsync(201);
    }

    [Fact]
    public async Task GivenANarrativeLongerThanTheStringLimit_WhenPostedAsJson_ThenAcceptedBecauseOnlyTheBodySizeBoundsIt()
    {
        // The official dicom-dcim CodeSystem carries a 1.1-million-character div.
        var div = $"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">{new string('字', (1024 * 1024) + 1)}</div>";
        var response = await PostAsync("/fhir/Patient", """{"resourceType":"Patient","text":{"status":"generated","div":""" + "\"" + div + "\"}}");

        await response.ExpectAsync(201);
    }

    [Theory]
    [InlineData("<birthDate value=\"&#xD800;\"/>", "\\uD800")]
    [InlineData("<name><family value=\"a\"/></name\u0000>", "\\u0000")]
    public async Task GivenXmlWhoseErrorQuotesACharacterXmlCannotCarry_WhenPostedAskingForXml_Then400InXml(string element, string quoted)
    {
        using var content = new StringContent($"<Patient xmlns=\"http://hl7.org/fhir\">{element}</Patient>", System.Text.Encoding.UTF8, "application/fhir+xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = content };
        request.Headers.Accept.ParseAdd("application/fhir+xml");

        using var response = await _client.SendAsync(request);

        Assert.Equal(400, (int)response.StatusCode);
        var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Bayu.Fhir.Formats.FhirFormats.Parse(await response.Content.ReadAsStringAsync(), Bayu.Fhir.Formats.FhirFormat.Xml).Resource);
        Assert.Contains(quoted, Assert.Single(outcome.Issue).Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenASearchFormThatCannotBeDecoded_WhenPosted_Then400()
    {
        using var content = new StringContent("name=le%00&%00=x", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");

        var outcome = (await (await _client.PostAsync("/fhir/Patient/_search", content)).ExpectAsync(400))!;

        Assert.Contains("form body of _search", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenABodyDeclaredLargerThanTheLimit_WhenPosted_Then413BeforeItIsRead()
    {
        using var content = new ByteArrayContent(new byte[DoorFixture.BodyLimit + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue(Infrastructure.Fhir.JsonType);

        await ExpectRefusal(await _client.PostAsync("/fhir/Patient", content), 413, "too-costly", "Bayu:Limits:MaxBodyBytes");
    }

    [Theory]
    [InlineData(DoorFixture.BodyLimit + (1024 * 1024))]
    [InlineData(100L * 1024 * 1024)] // the issue's 100 MB body
    public async Task GivenAChunkedBodyThatGrowsPastTheLimit_WhenPosted_Then413AndTheServerLives(long length)
    {
        using var content = new StreamContent(new EndlessSpaces(length));
        content.Headers.ContentType = new MediaTypeHeaderValue(Infrastructure.Fhir.JsonType);

        await ExpectRefusal(await _client.PostAsync("/fhir/Patient", content), 413, "too-costly", "Bayu:Limits:MaxBodyBytes");
        await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200);
    }

    [Fact]
    public async Task GivenAUrlLongerThanTheLimit_WhenSearched_Then414OutcomeSuggestingPost()
    {
        var response = await _client.GetAsync("/fhir/Patient?name=" + new string('a', 20_000));

        await ExpectRefusal(response, 414, "too-long", "_search");
    }

    [Fact]
    public async Task GivenABundleWithMoreEntriesThanAllowed_WhenPosted_Then413PointingAtBulkImport()
    {
        var entries = string.Join(",", Enumerable.Range(0, DoorFixture.BundleEntryLimit + 1).Select(_ =>
            """{"resource":{"resourceType":"Basic","code":{"text":"x"}},"request":{"method":"POST","url":"Basic"}}"""));
        var response = await PostAsync("/fhir", $$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""");

        await ExpectRefusal(response, 413, "too-costly", "bayu import");
    }

    [Theory]
    [InlineData("GET", "/nothing/here")]
    [InlineData("GET", "/fhir/../$unknown")]
    [InlineData("DELETE", "/fhir/")]
    [InlineData("PUT", "/health")]
    public async Task GivenARouteThatDoesNotExist_WhenCalled_ThenTheAnswerIsAnOperationOutcome(string method, string path)
    {
        var response = await _client.SendAsync(new HttpMethod(method), path);

        Assert.True((int)response.StatusCode is 404 or 405, $"{(int)response.StatusCode}");
        Assert.Equal("OperationOutcome", (string?)(await response.BodyAsync())["resourceType"]);
    }

    [Fact]
    public async Task GivenAMalformedJsonPatch_WhenSent_Then400()
    {
        var id = (await (await PostAsync("/fhir/Patient", """{"resourceType":"Patient","gender":"male"}""")).ExpectAsync(201))!.Id();
        using var content = new StringContent("""[{"op":5,"path":{}}]""", Encoding.UTF8, "application/json-patch+json");

        var response = await _client.PatchAsync($"/fhir/Patient/{id}", content);

        Assert.True((int)response.StatusCode is 400 or 422, $"{(int)response.StatusCode}");
        Assert.Equal("OperationOutcome", (string?)(await response.BodyAsync())["resourceType"]);
    }

    private static string NestedPatient(int extensions, string format)
    {
        if (format == "xml")
        {
            var xml = new StringBuilder("<Patient xmlns=\"http://hl7.org/fhir\">");
            xml.Insert(xml.Length, "<extension url=\"http://x.org/y\">", extensions).Append("<valueString value=\"v\"/>").Insert(xml.Length, "</extension>", extensions).Append("</Patient>");
            return xml.ToString();
        }
        var json = new StringBuilder("{\"resourceType\":\"Patient\"");
        for (var i = 0; i < extensions; i++)
        {
            json.Append(",\"extension\":[{\"url\":\"http://x.org/y\"");
        }
        json.Append(",\"valueString\":\"v\"");
        json.Insert(json.Length, "}]", extensions).Append('}');
        return json.ToString();
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string type = Infrastructure.Fhir.JsonType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Accept.Add(Infrastructure.Fhir.Accept(Infrastructure.Fhir.JsonType));
        return await _client.SendAsync(request);
    }

    private static string LocationId(HttpResponseMessage response) => response.Headers.Location!.Segments[^3].TrimEnd('/');

    private static async Task ExpectRefusal(HttpResponseMessage response, int status, string code, string named)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text[..Math.Min(text.Length, 500)]}");
        var outcome = JsonNode.Parse(text)!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        var issue = outcome["issue"]![0]!;
        Assert.Equal(code, (string?)issue["code"]);
        Assert.Contains(named, (string?)issue["diagnostics"], StringComparison.Ordinal);
    }

    /// <summary>A body of spaces with no declared length, so the server must count what arrives.</summary>
    private sealed class EndlessSpaces(long length) : Stream
    {
        private long _left = length;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, _left);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            _left -= n;
            return n;
        }
    }
}

public sealed class DoorLimitsTestsOnSqlite(SqliteDoorFixture server) : DoorLimitsTests(server), IClassFixture<SqliteDoorFixture>;

public sealed class DoorLimitsTestsOnPostgres(PostgresDoorFixture server) : DoorLimitsTests(server), IClassFixture<PostgresDoorFixture>;
