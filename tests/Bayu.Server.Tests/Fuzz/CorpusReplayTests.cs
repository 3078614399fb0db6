namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Every input that ever failed the fuzz property, replayed on every run. Files under
/// <c>Corpus/HostKillers/</c> crash the whole process today (a stack overflow cannot be caught) and
/// join the replay with <c>BAYU_FUZZ_HOST_KILLERS=1</c> once the depth limit is in.
/// </summary>
public abstract class CorpusReplayTests(KestrelServerFixture server)
{
    public static TheoryData<string> Inputs() => [.. FuzzCorpus.Files(FuzzSettings.HostKillers)];

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task GivenAnInputThatOnceFailed_WhenReplayed_ThenTheDoorKeepsItsPromise(string file)
    {
        var request = FuzzCorpus.Load(file);
        using var client = new FuzzClient(server.BaseAddress, 1);
        var oracle = new FuzzOracle(client);

        var response = await client.SendAsync(request);
        var violations = await oracle.CheckAsync(request, response);
        if (response.Status == 201 && response.Location is { } location)
        {
            violations.AddRange(await oracle.CheckAcceptedWriteAsync(request, location));
        }

        Assert.True(violations.Count == 0, $"{file}: {request} → {response.Status}: " + string.Join(" | ", violations.Select(v => $"{v.Cause}: {v.Detail}")));
        Assert.True(await oracle.IsAliveAsync(), "the server must still answer after " + file);
    }

    [Fact]
    public void GivenTheCorpus_WhenLoaded_ThenEveryFileIsARequestIncludingTheHostKillers()
    {
        var files = FuzzCorpus.Files(hostKillers: true).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(FuzzCorpus.Load(f) is { } r && (r.Raw is not null || r.Path.StartsWith('/')), f));
    }
}

public sealed class CorpusReplayTestsOnSqlite(SqliteKestrelFixture server) : CorpusReplayTests(server), IClassFixture<SqliteKestrelFixture>;

public sealed class CorpusReplayTestsOnPostgres(PostgresKestrelFixture server) : CorpusReplayTests(server), IClassFixture<PostgresKestrelFixture>;
