using System.Collections.Concurrent;
using Bayu.Storage.Outbox;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>Dispatchers of separate processes (separate stores and pools) share one queue.</summary>
public abstract class OutboxConcurrencyTests(StoreFixture fixture)
{
    [Fact]
    public async Task GivenTwoDispatchersRunningAtOnce_WhenManyEventsCommitMeanwhile_ThenEachIsDeliveredExactlyOnce()
    {
        const int Events = 400;
        var name = RecordingHandler.UniqueName("shared");
        var deliveries = new ConcurrentDictionary<long, int>();
        var byWorker = new int[2];
        RecordingHandler Worker(int index) => new(name, async (m, _) =>
        {
            deliveries.AddOrUpdate(m.Seq, 1, (_, n) => n + 1);
            Interlocked.Increment(ref byWorker[index]);
            await Task.Yield();
        });
        await using var writer = fixture.OpenStore(new OutboxSubscription(name, EventKinds: ["tick"], ResourceChanges: false));
        await using var storeA = fixture.OpenStore();
        await using var storeB = fixture.OpenStore();
        var options = new OutboxOptions { BatchSize = 10, PollInterval = TimeSpan.FromMilliseconds(20) };
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var runs = new[]
        {
            new OutboxDispatcher(storeA, [Worker(0)], options).RunAsync(stop.Token),
            new OutboxDispatcher(storeB, [Worker(1)], options).RunAsync(stop.Token),
        };
        for (var i = 0; i < Events; i += 20)
        {
            await using var session = await writer.BeginAsync();
            for (var j = i; j < i + 20; j++)
            {
                await session.AppendEventAsync(new OutboxEvent("tick", Payload: $$"""{"n":{{j}}}"""));
            }
            await session.CommitAsync();
        }
        var queue = new OutboxQueue(writer);
        while (await queue.CountAsync(name, DeliveryState.Done) < Events && !stop.IsCancellationRequested)
        {
            await Task.Delay(50);
        }
        await stop.CancelAsync();
        await Task.WhenAll(runs);

        Assert.Equal(Events, await queue.CountAsync(name, DeliveryState.Done));
        Assert.Equal(Events, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(1, d.Value));
        if (fixture.Provider == StoreProvider.Postgres)
        {
            // SKIP LOCKED lets both claim at once; on SQLite they take turns, possibly one all along.
            Assert.All(byWorker, n => Assert.True(n > 0, $"one dispatcher got nothing: {string.Join(", ", byWorker)}"));
        }
    }
}

public sealed class OutboxConcurrencyTestsOnSqlite(SqliteStoreFixture fixture) : OutboxConcurrencyTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class OutboxConcurrencyTestsOnPostgres(PostgresStoreFixture fixture) : OutboxConcurrencyTests(fixture), IClassFixture<PostgresStoreFixture>;
