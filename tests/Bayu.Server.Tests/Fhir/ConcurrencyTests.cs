using Bayu.Server.Tests.Infrastructure;

namespace Bayu.Server.Tests.Fhir;

/// <summary>Concurrent writers: nothing acknowledged is lost, and version checks let exactly one writer win.</summary>
public abstract class ConcurrencyTests(ServerFixture server)
{
    private readonly HttpClient _client = server.Client;

    private static string Patient(string id, string family, string tag) =>
        $$$"""{"resourceType":"Patient"{{{(id.Length == 0 ? "" : $",\"id\":\"{id}\"")}}},"meta":{"tag":[{"system":"urn:test","code":"{{{tag}}}"}]},"name":[{"family":"{{{family}}}"}]}""";

    [Fact]
    public async Task GivenManyConcurrentCreates_WhenAllAreAcknowledged_ThenEveryOneIsStored()
    {
        var tag = Infrastructure.Fhir.Unique("cc");

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => _client.PostAsync("/fhir/Patient", Patient("", "并发" + i, tag))));

        Assert.All(responses, r => Assert.Equal(201, (int)r.StatusCode));
        var search = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:test|{tag}&_total=accurate&_count=1")).ExpectAsync(200))!;
        Assert.Equal(40, (int?)search["total"]);
    }

    [Fact]
    public async Task GivenConcurrentUpdatesOfTheSameVersion_WhenEachSendsIfMatch_ThenExactlyOneWinsAndTheOthersAreRefused()
    {
        var tag = Infrastructure.Fhir.Unique("cu");
        var id = Infrastructure.Fhir.Unique("race");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id, "v1", tag))).ExpectAsync(201);

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            _client.PutAsync($"/fhir/Patient/{id}", Patient(id, "writer" + i, tag), ("If-Match", "W/\"1\""))));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 200));
        Assert.All(statuses.Where(s => s != 200), s => Assert.True(s is 409 or 412, $"unexpected status {s}"));
        var history = (await (await _client.GetAsync($"/fhir/Patient/{id}/_history")).ExpectAsync(200))!;
        Assert.Equal(2, history["entry"]!.AsArray().Count);
        var current = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal("2", current.VersionId());
    }

    [Fact]
    public async Task GivenConcurrentConditionalCreates_WhenTheyShareIfNoneExist_ThenExactlyOneResourceIsCreated()
    {
        var tag = Infrastructure.Fhir.Unique("ine");
        var identifier = Infrastructure.Fhir.Unique("mpi");
        var body = $$$"""{"resourceType":"Patient","meta":{"tag":[{"system":"urn:test","code":"{{{tag}}}"}]},"identifier":[{"system":"urn:test:mpi","value":"{{{identifier}}}"}]}""";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ =>
            _client.PostAsync("/fhir/Patient", body, ("If-None-Exist", $"identifier=urn:test:mpi|{identifier}"))));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.All(statuses.Where(s => s != 201), s => Assert.Equal(200, s));
        var search = (await (await _client.GetAsync($"/fhir/Patient?_tag=urn:test|{tag}&_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(1, (int?)search["total"]);
    }

    [Fact]
    public async Task GivenConcurrentUpdatesWithoutIfMatch_WhenTheyRace_ThenEachGetsItsOwnVersion()
    {
        var tag = Infrastructure.Fhir.Unique("cv");
        var id = Infrastructure.Fhir.Unique("seq");
        await (await _client.PutAsync($"/fhir/Patient/{id}", Patient(id, "v1", tag))).ExpectAsync(201);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => _client.PutAsync($"/fhir/Patient/{id}", Patient(id, "w" + i, tag))));

        // Every acknowledged update is a version of its own; a writer that lost a race is told so (409), never silently merged.
        var ok = responses.Count(r => (int)r.StatusCode == 200);
        Assert.All(responses, r => Assert.True((int)r.StatusCode is 200 or 409, $"unexpected status {(int)r.StatusCode}"));
        var current = (await (await _client.GetAsync($"/fhir/Patient/{id}")).ExpectAsync(200))!;
        Assert.Equal((1 + ok).ToString(System.Globalization.CultureInfo.InvariantCulture), current.VersionId());
        var history = (await (await _client.GetAsync($"/fhir/Patient/{id}/_history?_count=100")).ExpectAsync(200))!;
        Assert.Equal(1 + ok, history["entry"]!.AsArray().Count);
    }
}

public sealed class ConcurrencyTestsOnSqlite(SqliteServerFixture server) : ConcurrencyTests(server), IClassFixture<SqliteServerFixture>;

public sealed class ConcurrencyTestsOnPostgres(PostgresServerFixture server) : ConcurrencyTests(server), IClassFixture<PostgresServerFixture>;
