using Bayu.Engine.Pipeline;
using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Engine;

/// <summary>
/// The engine's interceptor pipeline over HTTP: steps run in order around every interaction and
/// every bundle entry, a refusal answers with its status and writes nothing, a narrowing is applied
/// in the store's query (totals agree), write steps refuse with 422, and commits are reported.
/// </summary>
public abstract class PipelineTests(PipelineFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Named(string id) => $$"""{"resourceType":"Patient","id":"{{id}}","name":[{"family":"张"}]}""";

    private static string Observation(string patient, string tag) => $$"""
        {"resourceType":"Observation","meta":{"tag":[{"system":"urn:test","code":"{{tag}}"}]},"status":"final",
         "code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"{{patient}}"} }
        """;

    [Fact]
    public async Task GivenARuleThatNarrowsSearches_WhenSearched_ThenOnlyMatchesInsideTheNarrowingComeBackAndTheTotalAgrees()
    {
        var tag = Infrastructure.Fhir.Unique("narrow");
        await (await _client.PutAsync("/fhir/Patient/pipeline-confined", Named("pipeline-confined"))).ExpectAsync(201);
        await (await _client.PutAsync("/fhir/Patient/pipeline-other", Named("pipeline-other"))).ExpectAsync(201);
        for (var i = 0; i < 3; i++)
        {
            await (await _client.PostAsync("/fhir/Observation", Observation(PipelineFixture.ConfinedTo, tag))).ExpectAsync(201);
            await (await _client.PostAsync("/fhir/Observation", Observation("Patient/pipeline-other", tag))).ExpectAsync(201);
        }

        var page = (await (await _client.GetAsync($"/fhir/Observation?_tag=urn:test|{tag}&_total=accurate")).ExpectAsync(200))!;
        var counted = (await (await _client.GetAsync($"/fhir/Observation?_tag=urn:test|{tag}&_summary=count")).ExpectAsync(200))!;

        var subjects = page["entry"]!.AsArray().Select(e => (string?)e!["resource"]!["subject"]!["reference"]).ToList();
        Assert.Equal(3, subjects.Count);
        Assert.All(subjects, s => Assert.Equal(PipelineFixture.ConfinedTo, s));
        Assert.Equal(3, (int?)counted["total"]);
    }

    [Fact]
    public async Task GivenARuleThatRefusesDeletes_WhenDeleted_Then403WithTheRuleAndTheResourceStays()
    {
        var id = Infrastructure.Fhir.Unique("keep");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Named(id))).ExpectAsync(201);

        var outcome = (await (await _client.SendAsync(HttpMethod.Delete, $"/fhir/Patient/{id}")).ExpectAsync(403))!;

        Assert.Contains("patients are never deleted", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200);
    }

    [Fact]
    public async Task GivenABatchWithARefusedEntry_WhenProcessed_ThenOnlyThatEntryFailsWith403()
    {
        var id = Infrastructure.Fhir.Unique("batch");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Named(id))).ExpectAsync(201);
        var batch = $$"""
            {"resourceType":"Bundle","type":"batch","entry":[
              {"request":{"method":"DELETE","url":"Patient/{{id}}"} },
              {"resource":{{Named(id + "-2")}},"request":{"method":"PUT","url":"Patient/{{id}}-2"} }]}
            """;

        var response = (await (await _client.PostAsync("/fhir", batch)).ExpectAsync(200))!;

        Assert.Equal("403", (string?)response["entry"]![0]!["response"]!["status"]);
        Assert.StartsWith("201", (string?)response["entry"]![1]!["response"]!["status"], StringComparison.Ordinal);
        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200);
    }

    [Fact]
    public async Task GivenATransactionWithARefusedEntry_WhenProcessed_Then403AndNothingOfItIsWritten()
    {
        var id = Infrastructure.Fhir.Unique("tx");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Named(id))).ExpectAsync(201);
        var transaction = $$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"resource":{{Named(id + "-new")}},"request":{"method":"PUT","url":"Patient/{{id}}-new"} },
              {"request":{"method":"DELETE","url":"Patient/{{id}}"} }]}
            """;

        var outcome = (await (await _client.PostAsync("/fhir", transaction)).ExpectAsync(403))!;

        Assert.Contains("entry 1", (string?)outcome["issue"]![0]!["diagnostics"], StringComparison.Ordinal);
        await (await _client.GetAsync($"/fhir/Patient/{id}-new")).ExpectAsync(404);
    }

    [Fact]
    public async Task GivenAWriteStep_WhenAResourceBreaksItAloneOrInABatch_Then422AndNothingWritten()
    {
        var id = Infrastructure.Fhir.Unique("nameless");
        var nameless = $$"""{"resourceType":"Patient","id":"{{id}}"}""";

        var outcome = (await (await _client.PutAsync($"/fhir/Patient/{id}", nameless)).ExpectAsync(422))!;
        var batch = (await (await _client.PostAsync("/fhir", $$"""
            {"resourceType":"Bundle","type":"batch","entry":[{"resource":{"resourceType":"Patient","gender":"male"},"request":{"method":"POST","url":"Patient"} }]}
            """)).ExpectAsync(200))!;

        Assert.Contains(outcome["issue"]!.AsArray(), i => (string?)i!["diagnostics"] == "test rule: a patient needs a name");
        Assert.Equal("422", (string?)batch["entry"]![0]!["response"]!["status"]);
        await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(404);
    }

    [Fact]
    public async Task GivenInterceptorsRegisteredOutOfOrder_WhenARequestRuns_ThenTheyRunByOrderWithTheTokensContext()
    {
        server.Steps.Clear();

        await (await _client.GetAsync("/fhir/Patient?_count=1")).ExpectAsync(200);

        Assert.Equal(["rules:Search", "recorder:Search:Client:True"], server.Steps.ToArray());
    }

    [Fact]
    public async Task GivenWrites_WhenCommitted_ThenTheCommitStepSeesEachVersionOnceAndNothingForARefusal()
    {
        var id = Infrastructure.Fhir.Unique("commit");
        server.Commits.Clear();

        await (await _client.PutAsync($"/fhir/Patient/{id}", Named(id))).ExpectAsync(201);
        await (await _client.PutAsync($"/fhir/Patient/{id}", $$"""{"resourceType":"Patient","id":"{{id}}"}""")).ExpectAsync(422);
        await (await _client.PostAsync("/fhir", $$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"resource":{{Named(id + "-a")}},"request":{"method":"PUT","url":"Patient/{{id}}-a"} },
              {"resource":{{Named(id + "-b")}},"request":{"method":"PUT","url":"Patient/{{id}}-b"} }]}
            """)).ExpectAsync(200);

        var commits = server.Commits.ToArray();
        Assert.Equal(2, commits.Length);
        Assert.Equal(InteractionKind.Update, commits[0].Interaction.Kind);
        Assert.Equal([id], commits[0].Versions.Select(v => v.Id));
        Assert.Equal(InteractionKind.Transaction, commits[1].Interaction.Kind);
        Assert.Equal([id + "-a", id + "-b"], commits[1].Versions.Select(v => v.Id).Order(StringComparer.Ordinal));
    }
}

public sealed class PipelineTestsOnSqlite(SqlitePipelineFixture server) : PipelineTests(server), IClassFixture<SqlitePipelineFixture>;

public sealed class PipelineTestsOnPostgres(PostgresPipelineFixture server) : PipelineTests(server), IClassFixture<PostgresPipelineFixture>;
