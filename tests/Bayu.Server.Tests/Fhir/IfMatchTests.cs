using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// If-Match on update, patch, delete and bundle entries (RFC 9110 §13.1.1; R4 http.html#concurrency:
/// a version that is not current answers 412): any well-formed entity tag that is not the current
/// version fails the precondition, <c>*</c> needs a current version, a list matches if one tag does,
/// and only text that is no entity tag at all is a 400.
/// </summary>
public abstract class IfMatchTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Patient(string id) => $$"""{"resourceType":"Patient","id":"{{id}}","gender":"female"}""";

    private async Task<string> CreateAsync()
    {
        var id = Infrastructure.Fhir.Unique("ifm");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id))).ExpectAsync(201);
        return id;
    }

    [Theory]
    [InlineData("W/\"2\"")]
    [InlineData("W/\"0\"")]
    [InlineData("W/\"99999999999\"")]
    [InlineData("W/\"-1\"")]
    [InlineData("W/\"abc\"")]
    [InlineData("\"2\"")]
    [InlineData("2")]
    [InlineData("W/\"2\", W/\"3\"")]
    public async Task GivenAWellFormedTagThatIsNotCurrent_WhenUpdated_Then412AndNothingWritten(string ifMatch)
    {
        var id = await CreateAsync();

        var outcome = (await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id), ("If-Match", ifMatch))).ExpectAsync(412))!;

        Assert.Contains("current version is 1", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
        Assert.Equal("1", (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!.VersionId());
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"1\"")]
    [InlineData("1")]
    [InlineData("W/\"3\", W/\"1\"")]
    [InlineData("W/\"1\",")] // RFC 9110 §5.6.1: empty list elements are ignored
    [InlineData("*")]
    public async Task GivenATagListOrStarMatchingTheCurrentVersion_WhenUpdated_Then200(string ifMatch)
    {
        var id = await CreateAsync();

        var updated = (await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id), ("If-Match", ifMatch))).ExpectAsync(200))!;

        Assert.Equal("2", updated.VersionId());
    }

    [Theory]
    [InlineData("W/1")]
    [InlineData("W/\"1")]
    [InlineData("W/\"1\" W/\"2\"")]
    [InlineData("abc")]
    [InlineData(", ,")]
    public async Task GivenTextThatIsNoEntityTag_WhenUpdated_Then400(string ifMatch)
    {
        var id = await CreateAsync();

        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id), ("If-Match", ifMatch))).ExpectAsync(400);
    }

    [Fact]
    public async Task GivenStarOnAResourceThatDoesNotExistOrIsDeleted_WhenUpdated_Then412()
    {
        var missing = Infrastructure.Fhir.Unique("ifm");
        await (await _client.PutAsync($"/fhir/Patient/{missing}", Patient(missing), ("If-Match", "*"))).ExpectAsync(412);

        var id = await CreateAsync();
        await (await _client.DeleteAsync($"/fhir/Patient/{id}")).ExpectAsync(204);
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id), ("If-Match", "*"))).ExpectAsync(412);
    }

    [Fact]
    public async Task GivenAStaleTagOnDeleteAndInATransactionEntry_WhenSent_Then412()
    {
        var id = await CreateAsync();
        await (await _client.SendAsync(HttpMethod.Delete, $"/fhir/Patient/{id}", ("If-Match", "W/\"abc\""))).ExpectAsync(412);

        var entry = "{\"resource\":" + Patient(id) + ",\"request\":{\"method\":\"PUT\",\"url\":\"Patient/" + id + "\",\"ifMatch\":\"W/\\\"99999999999\\\"\"}}";
        var bundle = """{"resourceType":"Bundle","type":"transaction","entry":[""" + entry + "]}";
        await (await _client.PostAsync("/fhir", bundle)).ExpectAsync(412);
        Assert.Equal("1", (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!.VersionId());
    }
}

public sealed class IfMatchTestsOnSqlite(SqliteServerFixture server) : IfMatchTests(server), IClassFixture<SqliteServerFixture>;

public sealed class IfMatchTestsOnPostgres(PostgresServerFixture server) : IfMatchTests(server), IClassFixture<PostgresServerFixture>;
