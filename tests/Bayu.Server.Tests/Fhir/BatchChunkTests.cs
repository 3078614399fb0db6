using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// Large batches are committed in chunks that give the write turn back between them: each entry
/// still answers for itself, in request order, and small writes do not wait for the whole batch.
/// </summary>
public abstract class BatchChunkTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Patient(string system, string value, string extra = "") =>
        $$"""{"resourceType":"Patient","identifier":[{"system":"{{system}}","value":"{{value}}"}],"name":[{"family":"Lin"}]{{extra}}}""";

    private static string Post(string resource) =>
        $$"""{"fullUrl":"urn:uuid:{{Guid.NewGuid()}}","resource":{{resource}},"request":{"method":"POST","url":"Patient"} }""";

    private static string Batch(IEnumerable<string> entries) =>
        $$"""{"resourceType":"Bundle","type":"batch","entry":[{{string.Join(",", entries)}}]}""";

    private async Task<int> CountAsync(string query) =>
        (int)(await (await _client.GetAsync($"/fhir/{query}&_summary=count")).ExpectAsync(200))!["total"]!;

    [Fact]
    public async Task GivenABatchSpanningManyChunksWithBadEntriesInTheMiddle_WhenPosted_ThenEveryEntryAnswersInOrderAndOnlyTheBadOnesFail()
    {
        // 700 entries: several chunks at the default 200 entries per commit, whatever the clock says.
        var system = "urn:chunk:" + Guid.NewGuid().ToString("N");
        var existing = (await (await _client.PostAsync("/fhir/Patient", Patient(system, "existing"))).ExpectAsync(201))!.Id();
        const int Count = 700;
        var invalid = new HashSet<int> { 1, 350, 351, 699 };
        var entries = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            entries.Add(i == 400
                // A write that fails in the store, not before it: a stale If-Match.
                ? $$"""{"fullUrl":"urn:uuid:{{Guid.NewGuid()}}","resource":{{Patient(system, "stale").Replace("{\"resourceType\":\"Patient\",", $"{{\"resourceType\":\"Patient\",\"id\":\"{existing}\",", StringComparison.Ordinal)}},"request":{"method":"PUT","url":"Patient/{{existing}}","ifMatch":"W/\"7\""} }"""
                // pat-1: a contact needs details or an organisation; the validator refuses it (422).
                : Post(Patient(system, $"p{i}", invalid.Contains(i) ? ",\"contact\":[{\"gender\":\"male\"}]" : "")));
        }

        var response = (await (await _client.PostAsync("/fhir", Batch(entries), ("Prefer", "return=representation"))).ExpectAsync(200))!;

        var answers = response.Entries();
        Assert.Equal(Count, answers.Count);
        for (var i = 0; i < Count; i++)
        {
            var status = ((string)answers[i]["response"]!["status"]!).Split(' ')[0];
            if (i == 400)
            {
                Assert.Equal("412", status);
            }
            else if (invalid.Contains(i))
            {
                Assert.Equal("422", status);
                Assert.Equal("OperationOutcome", (string?)answers[i]["response"]!["outcome"]!["resourceType"]);
            }
            else
            {
                Assert.Equal("201", status);
                // The answer at position i is the resource of request entry i.
                Assert.Equal($"p{i}", (string?)answers[i]["resource"]!["identifier"]![0]!["value"]);
            }
        }
        // The good creates, and the existing patient the stale PUT left alone.
        Assert.Equal(Count - invalid.Count - 1 + 1, await CountAsync($"Patient?identifier={system}|"));
        Assert.Equal(0, await CountAsync($"Patient?identifier={system}|p350"));
        Assert.Equal(1, await CountAsync($"Patient?identifier={system}|p698"));
        var history = (await (await _client.GetAsync($"/fhir/Patient/{existing}/_history")).ExpectAsync(200))!;
        Assert.Single(history.Entries());
    }

    [Fact]
    public async Task GivenInvalidUpdates_WhenPutAloneOrInABatch_ThenTheyAreRefusedWith422AndTheStoredVersionStays()
    {
        // Updates are validated before their transaction begins; the refusal must be the same.
        var system = "urn:put:" + Guid.NewGuid().ToString("N");
        var id = (await (await _client.PostAsync("/fhir/Patient", Patient(system, "v1"))).ExpectAsync(201))!.Id();
        var invalid = Patient(system, "v2", ",\"contact\":[{\"gender\":\"male\"}]").Replace("{\"resourceType\":\"Patient\",", $"{{\"resourceType\":\"Patient\",\"id\":\"{id}\",", StringComparison.Ordinal);

        await (await _client.PutAsync($"/fhir/Patient/{id}", invalid)).ExpectAsync(422);
        var batch = Batch([$$"""{"resource":{{invalid}},"request":{"method":"PUT","url":"Patient/{{id}}"} }""", Post(Patient(system, "other"))]);
        var response = (await (await _client.PostAsync("/fhir", batch)).ExpectAsync(200))!;

        Assert.Equal(["422", "201"], response.Entries().Select(e => ((string)e["response"]!["status"]!).Split(' ')[0]));
        var current = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal("1", current.VersionId());
        Assert.Equal("v1", (string?)current["identifier"]![0]!["value"]);
    }

    [Fact]
    public async Task GivenALargeBatchLoading_WhenASmallCreateIsSentMeanwhile_ThenItCompletesBeforeTheBatch()
    {
        var system = "urn:fair:" + Guid.NewGuid().ToString("N");
        const int Count = 4000;
        var batch = Batch(Enumerable.Range(0, Count).Select(i => Post(Patient(system, $"b{i}"))));
        var loading = _client.PostAsync("/fhir", batch);

        // Wait until the batch has committed its first chunk, so it is certainly writing (and on
        // SQLite, in the queue for the single write turn) when the small write arrives.
        while (await CountAsync($"Patient?identifier={system}|") == 0)
        {
            Assert.False(loading.IsCompleted, "the batch finished before it was seen loading: make it larger");
            await Task.Delay(5);
        }
        var small = await _client.PostAsync("/fhir/Patient", Patient(system + ":small", "one"));

        var smallAt = DateTimeOffset.Parse((string)(await small.ExpectAsync(201))!["meta"]!["lastUpdated"]!, System.Globalization.CultureInfo.InvariantCulture);
        var response = (await (await loading).ExpectAsync(200))!;
        Assert.Equal(Enumerable.Repeat("201", Count), response.Entries().Select(e => ((string)e["response"]!["status"]!).Split(' ')[0]));
        Assert.Equal(Count, await CountAsync($"Patient?identifier={system}|"));
        // Committed between the batch's chunks, not after them: the batch's last write is later.
        // (Whether the batch's HTTP answer was still pending is no proof: building a 4,000-entry
        // response takes time after the last commit.)
        var last = (await (await _client.GetAsync($"/fhir/Patient?identifier={system}|&_sort=-_lastUpdated&_count=1")).ExpectAsync(200))!;
        var lastAt = DateTimeOffset.Parse((string)last["entry"]![0]!["resource"]!["meta"]!["lastUpdated"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(smallAt < lastAt, $"the small create ({smallAt:O}) committed after the whole batch ({lastAt:O})");
    }
}

public sealed class BatchChunkTestsOnSqlite(SqliteServerFixture server) : BatchChunkTests(server), IClassFixture<SqliteServerFixture>;

public sealed class BatchChunkTestsOnPostgres(PostgresServerFixture server) : BatchChunkTests(server), IClassFixture<PostgresServerFixture>;
