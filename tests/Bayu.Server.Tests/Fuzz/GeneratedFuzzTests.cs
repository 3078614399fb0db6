using Xunit.Abstractions;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// The door under generated hostile input (a fixed seed; <c>BAYU_FUZZ_SEED</c>, <c>BAYU_FUZZ_CASES</c>
/// and <c>BAYU_FUZZ_CLIENTS</c> override it, see the README's Fuzzing section): no crash, no 5xx, an
/// answer within 20 s, an OperationOutcome for every 4xx, no half-written transaction, readable and
/// valid accepted writes, and a demo region changed only by accepted writes.
/// </summary>
public abstract class GeneratedFuzzTests(KestrelServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task GivenGeneratedHostileRequests_WhenSentToTheDoor_ThenEveryOneIsAnsweredWithoutA5xxAndEvery4xxIsAnOperationOutcome()
    {
        var run = await FuzzRun.RunAsync(server.BaseAddress, server.Provider.ToString(), FuzzSettings.Cases, FuzzSettings.Clients, FuzzSettings.Seed);

        var summary = run.Summary() + string.Concat(server.Errors.Counts.OrderByDescending(e => e.Value)
            .Select(e => $"  server: {e.Value,6} × {e.Key}{Environment.NewLine}"));
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(run.Violations.Count == 0, summary);
    }
}

public sealed class GeneratedFuzzTestsOnSqlite(SqliteKestrelFixture server, ITestOutputHelper output) : GeneratedFuzzTests(server, output), IClassFixture<SqliteKestrelFixture>;

public sealed class GeneratedFuzzTestsOnPostgres(PostgresKestrelFixture server, ITestOutputHelper output) : GeneratedFuzzTests(server, output), IClassFixture<PostgresKestrelFixture>;
