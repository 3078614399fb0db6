using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bayu.Server.Tests.Storage;

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

/// <summary>Writes through REST past the threshold make the store analyse its tables by itself.</summary>
public abstract class StatisticsRefresherTests(ServerFixture server)
{
    [Fact]
    public async Task GivenMoreThanAThousandRestWrites_WhenTheyCommit_ThenTheStoreRefreshesTheStatisticsInTheBackground()
    {
        var store = (SqlResourceStore)server.Services.GetRequiredService<IResourceStore>();
        var before = store.Statistics.Refreshes;
        for (var b = 0; b < 3; b++)
        {
            var entries = string.Join(",", Enumerable.Range(0, 400).Select(i => $$$"""{"resource":{"resourceType":"Basic","code":{"coding":[{"system":"urn:b","code":"b{{{b}}}-{{{i}}}"}]}},"request":{"method":"POST","url":"Basic"}}"""));
            await (await server.Client.PostAsync("/fhir", $$"""{"resourceType":"Bundle","type":"batch","entry":[{{entries}}]}""")).ExpectAsync(200);
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (store.Statistics.Refreshes == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(store.Statistics.Refreshes > before, $"no refresh after 1,200 writes ({store.Statistics.Failures} failed)");
        Assert.True(await AnalysedAsync(), "the token index table has no statistics");
    }

    private async Task<bool> AnalysedAsync()
    {
        var configuration = server.Services.GetRequiredService<IConfiguration>();
        if (server.Provider == StoreProvider.Postgres)
        {
            await using var connection = new NpgsqlConnection(configuration.GetConnectionString("Postgres"));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'idx_token'", connection);
            return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
        }
        await using var sqlite = new SqliteConnection($"Data Source={Path.Combine(configuration["Bayu:DataDirectory"]!, ResourceStores.SqliteFileName)}");
        await sqlite.OpenAsync();
        await using var stat = sqlite.CreateCommand();
        stat.CommandText = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'idx_token'";
        return Convert.ToInt64(await stat.ExecuteScalarAsync()) > 0;
    }
}

public sealed class StatisticsRefresherTestsOnSqlite(SqliteServerFixture server) : StatisticsRefresherTests(server), IClassFixture<SqliteServerFixture>;

public sealed class StatisticsRefresherTestsOnPostgres(PostgresServerFixture server) : StatisticsRefresherTests(server), IClassFixture<PostgresServerFixture>;
