using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Xunit.Abstractions;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// A durable job killed mid-way resumes and finishes with the result of an uninterrupted run: the
/// search index of 2,000 patients is removed behind the store's back, a $reindex job (small
/// batches) rebuilds it while the server is SIGKILLed three times during the job, and afterwards
/// the job has succeeded after more than one attempt, reports every patient once, and the index is
/// row for row the one the original writes built.
/// </summary>
[Collection(OutboxFaultsCollection.Name)]
public abstract class JobResumeUnderKillTests(ITestOutputHelper output)
{
    private const int Patients = 2000;
    private const int Kills = 3;

    protected abstract StoreProvider Provider { get; }

    [Fact]
    public async Task GivenAReindexJob_WhenTheServerIsKilledMidWayThreeTimes_ThenItResumesAndEndsWithTheUninterruptedResult()
    {
        await using var store = await FaultStore.CreateAsync(Provider);
        using var cluster = new FaultCluster(new(store.Settings)
        {
            ["Bayu__Workers__LeaseSeconds"] = "2",
            ["Bayu__Workers__PollMilliseconds"] = "100",
            ["Bayu__Validation__OnWrite"] = "false",
        }, workers: 0);
        await cluster.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        await SeedAsync(client, cluster.ServerUri);
        var original = await store.IndexRowsAsync("Patient");
        Assert.True(original.Count > Patients * 3, $"the seeded patients have index rows ({original.Count})");
        foreach (var table in new[] { "idx_token", "idx_string", "idx_date", "idx_reference" })
        {
            await store.ExecuteAsync($"DELETE FROM {table} WHERE resource_type = 'Patient'");
        }
        Assert.Empty(await store.IndexRowsAsync("Patient"));

        using var started = await client.PostAsync(new Uri(cluster.ServerUri, "fhir/$reindex?type=Patient&batchSize=50"), new StringContent(""));
        Assert.Equal(202, (int)started.StatusCode);
        var job = started.Content.Headers.ContentLocation!.AbsolutePath;
        var kills = 0;
        var progressAtKill = new List<long>();
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (kills < Kills)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the job made no progress to kill at ({kills} kills so far)");
            var (state, done) = await StatusAsync(client, cluster.ServerUri, job);
            Assert.NotEqual("failed", state);
            if (state == "succeeded")
            {
                break;
            }
            Assert.NotNull(state);
            // Kill once the job has made progress since the last restart, and well before its end.
            var lastKill = progressAtKill.Count == 0 ? 0 : progressAtKill[^1];
            if (done > lastKill + 100 && done < Patients - 200)
            {
                progressAtKill.Add(done);
                await cluster.KillAndRestartAsync(-1);
                kills++;
                continue;
            }
            await Task.Delay(50);
        }
        JsonObject? finished = null;
        for (var i = 0; i < 1200 && finished is null; i++)
        {
            var (state, _) = await StatusAsync(client, cluster.ServerUri, job);
            if (state == "succeeded")
            {
                finished = await JobAsync(client, cluster.ServerUri, job);
            }
            else
            {
                Assert.NotEqual("failed", state);
                await Task.Delay(100);
            }
        }
        Assert.NotNull(finished);
        output.WriteLine($"{Provider}: killed {kills} times at progress {string.Join(", ", progressAtKill)}; attempts {ParametersJson.Part(finished, "attempts")}; result {ParametersJson.Part(finished, "result")}");

        Assert.Equal(Kills, kills);
        Assert.True(int.Parse(ParametersJson.Part(finished, "attempts")!, CultureInfo.InvariantCulture) > 1, "the job was resumed by another run after a kill");
        var result = JsonNode.Parse(ParametersJson.Part(finished, "result")!)!;
        Assert.Equal(Patients, (int?)result["Reindexed"]);
        Assert.Equal(0, (int?)result["Unreadable"]);
        Assert.Equal(original, await store.IndexRowsAsync("Patient"));
    }

    private static async Task SeedAsync(HttpClient client, Uri server)
    {
        for (var chunk = 0; chunk < Patients / 200; chunk++)
        {
            var entries = Enumerable.Range(chunk * 200, 200).Select(i => $$"""
                {"resource":{"resourceType":"Patient","id":"rk-{{i:D5}}","identifier":[{"system":"urn:test:rk","value":"{{i}}"}],"name":[{"family":"李","given":["{{i}}"]}],"birthDate":"19{{i % 90 + 10}}-01-02","gender":"female"},
                 "request":{"method":"PUT","url":"Patient/rk-{{i:D5}}"} }
                """);
            var bundle = $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{string.Join(",", entries)}}]}""";
            using var content = new StringContent(bundle, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
            using var response = await client.PostAsync(new Uri(server, "fhir"), content);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
    }

    private static async Task<(string? State, long Done)> StatusAsync(HttpClient client, Uri server, string job)
    {
        var status = await JobAsync(client, server, job);
        return (ParametersJson.Part(status, "state"), long.Parse(ParametersJson.Part(status, "done") ?? "0", CultureInfo.InvariantCulture));
    }

    private static async Task<JsonObject> JobAsync(HttpClient client, Uri server, string job)
    {
        using var response = await client.GetAsync(new Uri(server, job.TrimStart('/')));
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

}

public sealed class JobResumeUnderKillTestsOnSqlite(ITestOutputHelper output) : JobResumeUnderKillTests(output)
{
    protected override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class JobResumeUnderKillTestsOnPostgres(ITestOutputHelper output) : JobResumeUnderKillTests(output)
{
    protected override StoreProvider Provider => StoreProvider.Postgres;
}
