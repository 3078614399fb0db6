namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// Every input that ever failed the fuzz property, replayed on every run, including the XML nested
/// 8,000 and 1,000,000 levels deep that killed the whole process with a stack overflow before the
/// door's depth limit (Bayu:Limits:MaxDepth).
/// </summary>
public abstract class CorpusReplayTests(KestrelServerFixture server)
{
    public static TheoryData<string> Inputs() => [.. FuzzCorpus.Files()];

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
    public void GivenTheCorpus_WhenLoaded_ThenEveryFileIsARequest()
    {
        var files = FuzzCorpus.Files().ToList();

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.True(FuzzCorpus.Load(f) is { } r && (r.Raw is not null || r.Path.StartsWith('/')), f));
    }
}

public sealed class CorpusReplayTestsOnSqlite(SqliteKestrelFixture server) : CorpusReplayTests(server), IClassFixture<SqliteKestrelFixture>;

public sealed class CorpusReplayTestsOnPostgres(PostgresKestrelFixture server) : CorpusReplayTests(server), IClassFixture<PostgresKestrelFixture>;
