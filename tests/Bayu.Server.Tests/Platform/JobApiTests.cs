using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Platform;

/// <summary>
/// Durable jobs through the API: $reindex queues a job (202 + Content-Location), the job's status
/// shows progress and its result, the index is really rebuilt (rows removed behind the store's back
/// come back), and bad requests are refused with an outcome.
/// </summary>
public abstract class JobApiTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Patient(string id, string identifier) =>
        $$"""{"resourceType":"Patient","id":"{{id}}","identifier":[{"system":"urn:test:reindex","value":"{{identifier}}"}],"name":[{"family":"王"}]}""";

    private async Task<JsonObject> FinishedAsync(string location)
    {
        for (var i = 0; i < 200; i++)
        {
            using var response = await _client.GetAsync(location);
            var job = (await response.ExpectAsync(200))!;
            Assert.True(response.Headers.Contains("X-Progress"));
            var state = ParametersJson.Part(job, "state");
            if (state is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("the reindex job did not finish within 20 s");
    }


    [Fact]
    public async Task GivenIndexRowsLostBehindTheStoresBack_WhenReindexed_ThenTheJobFinishesAndSearchFindsTheResourceAgain()
    {
        var id = Infrastructure.Fhir.Unique("rx");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id, id))).ExpectAsync(201);
        await DeleteTokenRowsAsync(id);
        var lost = (await (await _client.GetAsync($"/fhir/Patient?identifier=urn:test:reindex|{id}")).ExpectAsync(200))!;
        Assert.Null(lost["entry"]);

        using var started = await _client.PostAsync("/fhir/$reindex?type=Patient", new StringContent(""));
        await started.ExpectAsync(202);
        var job = await FinishedAsync(started.Content.Headers.ContentLocation!.ToString());

        Assert.Equal("succeeded", ParametersJson.Part(job, "state"));
        Assert.Contains("\"Reindexed\":", ParametersJson.Part(job, "result"), StringComparison.Ordinal);
        var found = (await (await _client.GetAsync($"/fhir/Patient?identifier=urn:test:reindex|{id}")).ExpectAsync(200))!;
        Assert.Equal(id, (string?)found["entry"]![0]!["resource"]!["id"]);
    }

    [Theory]
    [InlineData("/fhir/$reindex?type=NoSuchType", 400, "NoSuchType")]
    [InlineData("/fhir/$reindex?since=2020", 400, "since")]
    [InlineData("/fhir/$reindex?batchSize=0", 400, "batchSize")]
    [InlineData("/fhir/$reindex?batchSize=many", 400, "many")]
    public async Task GivenABadReindexRequest_WhenPosted_Then400NamingIt(string url, int status, string named)
    {
        var outcome = (await (await _client.PostAsync(url, new StringContent(""))).ExpectAsync(status))!;

        Assert.Contains(named, (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenJobs_WhenListedByAState_ThenOnlyThatStateAndAnUnknownStateIs400()
    {
        using var started = await _client.PostAsync("/fhir/$reindex?type=Basic", new StringContent(""));
        await FinishedAsync(started.Content.Headers.ContentLocation!.ToString());

        var succeeded = (await (await _client.GetAsync("/platform/jobs?state=succeeded")).ExpectAsync(200))!;
        var outcome = (await (await _client.GetAsync("/platform/jobs?state=sleeping")).ExpectAsync(400))!;

        Assert.All(succeeded["parameter"]!.AsArray(), job => Assert.Contains(job!["part"]!.AsArray(), p => (string?)p!["name"] == "state" && (string?)p["valueCode"] == "succeeded"));
        Assert.NotEmpty(succeeded["parameter"]!.AsArray());
        Assert.Contains("sleeping", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenNoSuchJob_WhenReadOrCancelled_Then404()
    {
        await (await _client.GetAsync("/platform/jobs/none")).ExpectAsync(404);
        await (await _client.SendAsync(HttpMethod.Delete, "/platform/jobs/none")).ExpectAsync(404);
    }

    [Fact]
    public async Task GivenAFinishedJob_WhenCancelled_Then409()
    {
        using var started = await _client.PostAsync("/fhir/$reindex?type=Basic", new StringContent(""));
        var location = started.Content.Headers.ContentLocation!.ToString();
        await FinishedAsync(location);

        await (await _client.SendAsync(HttpMethod.Delete, location)).ExpectAsync(409);
    }

    [Fact]
    public async Task GivenTheServer_WhenItsCapabilitiesAreRead_ThenReindexIsListed()
    {
        var statement = (await (await _client.GetAsync("/fhir/metadata")).ExpectAsync(200))!;

        Assert.Contains(statement["rest"]![0]!["operation"]!.AsArray(), o => (string?)o!["name"] == "reindex");
    }

    [Fact]
    public async Task GivenTheOutbox_WhenInspected_ThenCountsAnswerAndAReplayWithoutHandlerIsRefused()
    {
        await (await _client.GetAsync("/platform/outbox")).ExpectAsync(200);
        await (await _client.GetAsync("/platform/outbox/dead")).ExpectAsync(200);
        await (await _client.PostAsync("/platform/outbox/replay", new StringContent(""))).ExpectAsync(400);
    }

    private async Task DeleteTokenRowsAsync(string id)
    {
        var store = (SqlResourceStore)server.Services.GetRequiredService<IResourceStore>();
        await using var connection = await store.Dialect.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = $"DELETE FROM idx_token WHERE resource_type = 'Patient' AND id = '{id}'";
        Assert.True(await command.ExecuteNonQueryAsync() > 0);
    }
}

public sealed class JobApiTestsOnSqlite(SqliteServerFixture server) : JobApiTests(server), IClassFixture<SqliteServerFixture>;

public sealed class JobApiTestsOnPostgres(PostgresServerFixture server) : JobApiTests(server), IClassFixture<PostgresServerFixture>;
