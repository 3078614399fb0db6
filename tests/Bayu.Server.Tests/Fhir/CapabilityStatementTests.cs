using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// What a client must know to read search results right is stated where a client looks. R4: "Where
/// both search parameters and resource element date times do not have time zones, the servers
/// local time zone should be assumed" (https://hl7.org/fhir/R4/search.html#date) — so say which.
/// </summary>
public abstract class CapabilityStatementTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenTheMetadata_WhenRead_ThenTheRestDocumentationStatesTheAssumedTimeZone()
    {
        var rest = (await MetadataAsync())["rest"]![0]!;
        var documentation = (string?)rest["documentation"];
        Assert.NotNull(documentation);
        Assert.Contains("without a time zone", documentation, StringComparison.Ordinal);
        Assert.Contains("China Standard Time (UTC+08:00)", documentation, StringComparison.Ordinal);
        // The other search choices R4 leaves to the server are stated there too.
        Assert.Contains("10*9/L", documentation, StringComparison.Ordinal);
        Assert.Contains("family=Peña", documentation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTheMetadata_WhenRead_ThenEveryDateSearchParameterStatesTheAssumedTimeZoneAndNoOtherDoes()
    {
        var resources = (await MetadataAsync())["rest"]![0]!["resource"]!.AsArray();
        var parameters = resources.SelectMany(r => r!["searchParam"]?.AsArray() ?? []).ToList();
        var dates = parameters.Where(p => (string?)p!["type"] == "date").ToList();
        Assert.Contains(dates, p => (string?)p!["name"] == "birthdate");
        Assert.All(dates, p => Assert.Contains("UTC+08:00", (string?)p!["documentation"] ?? "", StringComparison.Ordinal));
        Assert.All(parameters.Where(p => (string?)p!["type"] != "date"), p => Assert.Null(p!["documentation"]));
    }

    private async Task<JsonObject> MetadataAsync() => (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;
}

public sealed class CapabilityStatementTestsOnSqlite(SqliteServerFixture server) : CapabilityStatementTests(server), IClassFixture<SqliteServerFixture>;

public sealed class CapabilityStatementTestsOnPostgres(PostgresServerFixture server) : CapabilityStatementTests(server), IClassFixture<PostgresServerFixture>;
