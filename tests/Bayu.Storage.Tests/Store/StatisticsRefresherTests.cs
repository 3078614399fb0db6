using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Store;

/// <summary>The refresher's threshold and its one-at-a-time rule, on the refresh delegate alone.</summary>
public sealed class StatisticsRefresherRuleTests
{
    [Fact]
    public async Task GivenWritesBelowTheThreshold_WhenCounted_ThenNothingRunsAndPastItOneRefreshRuns()
    {
        var calls = 0;
        var refresher = new StatisticsRefresher(_ => { Interlocked.Increment(ref calls); return Task.CompletedTask; }) { MinimumRows = 100, GrowthFraction = 0.5 };
        refresher.Written(99);
        Assert.Null(refresher.Running);
        refresher.Written(1);
        await refresher.Running!;
        Assert.Equal(1, calls);

        // Next threshold: max(100, 50% of the 100 rows counted so far) = 100 rows again, then 50% of 200.
        refresher.Written(99);
        Assert.Equal(1, calls);
        refresher.Written(1);
        await refresher.Running!;
        refresher.Written(99);
        await Task.Yield();
        Assert.Equal(2, calls);
        Assert.Equal(2, refresher.Refreshes);
    }

    [Fact]
    public async Task GivenARefreshInProgress_WhenMoreWritesPassTheThreshold_ThenNoSecondRefreshStartsAtOnce()
    {
        var gate = new TaskCompletionSource();
        var concurrent = 0;
        var maxConcurrent = 0;
        var refresher = new StatisticsRefresher(async _ =>
        {
            var now = Interlocked.Increment(ref concurrent);
            maxConcurrent = Math.Max(maxConcurrent, now);
            await gate.Task;
            Interlocked.Decrement(ref concurrent);
        }) { MinimumRows = 10 };
        var first = Task.Run(() => refresher.Written(10));
        await first;
        var running = refresher.Running!;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => refresher.Written(10))));
        Assert.Same(running, refresher.Running);
        gate.SetResult();
        await running;
        Assert.Equal(1, maxConcurrent);
        Assert.Equal(1, refresher.Refreshes);
    }

    [Fact]
    public async Task GivenAFailingRefresh_WhenItRuns_ThenTheFailureIsCountedAndTheNextThresholdRetries()
    {
        var fail = true;
        var refresher = new StatisticsRefresher(_ => fail ? throw new InvalidOperationException("down") : Task.CompletedTask) { MinimumRows = 1 };
        refresher.Written(1);
        await refresher.Running!;
        Assert.Equal(1, refresher.Failures);
        fail = false;
        refresher.Written(1);
        await refresher.Running!;
        Assert.Equal(1, refresher.Refreshes);
    }

    [Fact]
    public void GivenARefresherSwitchedOff_WhenManyRowsAreWritten_ThenNothingRuns()
    {
        var refresher = new StatisticsRefresher(_ => throw new InvalidOperationException("must not run")) { Enabled = false, MinimumRows = 1 };
        refresher.Written(1_000_000);
        Assert.Null(refresher.Running);
    }
}

/// <summary>Commits past the threshold make the store analyse its tables by itself.</summary>
public abstract class StatisticsRefresherTests(StoreFixture fixture)
{
    [Fact]
    public async Task GivenMoreThanAThousandCommittedVersions_WhenTheyCommit_ThenTheStoreRefreshesTheStatisticsInTheBackground()
    {
        await using var store = fixture.OpenStore();
        var before = store.Statistics.Refreshes;
        // Three sessions of 400, as three REST batches of 400 entries commit them.
        for (var b = 0; b < 3; b++)
        {
            await Writes.CommitAsync(store, Enumerable.Range(0, 400).Select(i =>
                Writes.Resource($$$"""{"resourceType":"Basic","code":{"coding":[{"system":"urn:b","code":"b{{{b}}}-{{{i}}}"}]}}""")));
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.Statistics.Refreshes == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(store.Statistics.Refreshes > before, $"no refresh after 1,200 writes ({store.Statistics.Failures} failed)");
        var analysed = fixture.Provider == StoreProvider.Postgres
            ? "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'idx_token'"
            : "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'idx_token'";
        Assert.True(await fixture.Database.ScalarAsync(analysed) > 0, "the token index table has no statistics");
    }
}

public sealed class StatisticsRefresherTestsOnSqlite(SqliteStoreFixture fixture) : StatisticsRefresherTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class StatisticsRefresherTestsOnPostgres(PostgresStoreFixture fixture) : StatisticsRefresherTests(fixture), IClassFixture<PostgresStoreFixture>;
