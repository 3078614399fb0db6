using Bayu.Storage.Outbox;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>Failures back off, end dead, stay visible and can be replayed; a dead worker's lease runs out.</summary>
public abstract class OutboxRetryTests(StoreFixture fixture)
{
    private static readonly OutboxOptions Options = new() { MaxAttempts = 3, BackoffBase = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromSeconds(25), LeaseDuration = TimeSpan.FromMinutes(1) };

    [Fact]
    public async Task GivenAHandlerThatKeepsFailing_WhenRetried_ThenItBacksOffExponentiallyAndEndsDead()
    {
        var failing = true;
        var handler = new RecordingHandler(RecordingHandler.UniqueName("failing"), (_, _) => failing ? throw new InvalidOperationException("boom\nsecond line") : Task.CompletedTask);
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 1);
        var clock = Dispatching.Clock();
        var dispatcher = new OutboxDispatcher(store, [handler], Options, clock);

        // Attempt 1 fails: due again within [5 s, 10 s] (half of base·2⁰ jittered), not before.
        Assert.Equal(1, await dispatcher.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Equal(0, await dispatcher.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(5.2));
        Assert.Equal(1, await dispatcher.RunOnceAsync());
        // Attempt 2 fails: base·2¹ = 20 s, so due within [10 s, 20 s].
        clock.Advance(TimeSpan.FromSeconds(9.9));
        Assert.Equal(0, await dispatcher.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(10.2));
        Assert.Equal(1, await dispatcher.RunOnceAsync());
        // Attempt 3 was the last: dead, never claimed again.
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await dispatcher.RunOnceAsync());
        Assert.Equal([1, 2, 3], handler.Calls.Select(m => m.Attempt));

        var queue = new OutboxQueue(store);
        var dead = await queue.ListDeadAsync(handler.Name);
        Assert.Equal(1, dead.CountByHandler[handler.Name]);
        var letter = Assert.Single(dead.Items);
        Assert.Equal("System.InvalidOperationException: boom second line", letter.Error);
        Assert.Equal(3, letter.Message.Attempt);
        Assert.Contains(handler.Name, (await queue.ListDeadAsync()).CountByHandler.Keys);

        // Replayed: pending again with a fresh attempt count, and delivered once the handler works.
        failing = false;
        Assert.Equal(1, await queue.ReplayAsync(handler.Name));
        Assert.Equal(1, await dispatcher.DrainAsync());
        Assert.Equal(1, Assert.Single(handler.Handled).Attempt);
        Assert.Equal(0, await queue.CountAsync(handler.Name, DeliveryState.Dead));
        Assert.Equal(1, await queue.CountAsync(handler.Name, DeliveryState.Done));
        Assert.Empty((await queue.ListDeadAsync(handler.Name)).Items);
    }

    [Fact]
    public async Task GivenSomeDeadLetters_WhenOnlyChosenOnesAreReplayed_ThenTheOthersStayDead()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("pick"), (_, _) => throw new TimeoutException("late"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 1);
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 1);
        var dispatcher = new OutboxDispatcher(store, [handler], Options with { MaxAttempts = 1 }, Dispatching.Clock());
        Assert.Equal(2, await dispatcher.DrainAsync());
        var queue = new OutboxQueue(store);
        var dead = await queue.ListDeadAsync(handler.Name);
        Assert.Equal(2, dead.CountByHandler[handler.Name]);

        Assert.Equal(1, await queue.ReplayAsync(handler.Name, [dead.Items[0].Message.Seq]));
        Assert.Equal(1, await queue.CountAsync(handler.Name, DeliveryState.Pending));
        Assert.Equal(dead.Items[1].Message.Seq, Assert.Single((await queue.ListDeadAsync(handler.Name)).Items).Message.Seq);
        Assert.Equal(0, await queue.ReplayAsync("someone-else"));
    }

    [Fact]
    public async Task GivenAWorkerThatStopsAnswering_WhenItsLeaseExpires_ThenAnotherWorkerDeliversAgain()
    {
        var release = new TaskCompletionSource();
        var stuck = new RecordingHandler(RecordingHandler.UniqueName("lease"), (_, _) => release.Task);
        await using var store = fixture.OpenStore(new OutboxSubscription(stuck.Name));
        await using var otherStore = fixture.OpenStore();
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 1);
        var clock = Dispatching.Clock();
        var first = new OutboxDispatcher(store, [stuck], Options, clock);
        var healthy = new RecordingHandler(stuck.Name);
        var second = new OutboxDispatcher(otherStore, [healthy], Options, clock);

        var firstRound = first.RunOnceAsync();
        while (stuck.Calls.IsEmpty)
        {
            await Task.Delay(10);
        }
        Assert.Equal(0, await second.RunOnceAsync());
        clock.Advance(Options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await second.RunOnceAsync());
        Assert.Equal(2, Assert.Single(healthy.Handled).Attempt);

        // The first worker comes back: its late outcome no longer owns the row and changes nothing.
        release.SetResult();
        Assert.Equal(1, await firstRound);
        var queue = new OutboxQueue(store);
        Assert.Equal(1, await queue.CountAsync(stuck.Name, DeliveryState.Done));
        Assert.Equal(0, await first.RunOnceAsync() + await second.RunOnceAsync());
    }

    [Fact]
    public async Task GivenADeliveryWhoseWorkerDiedOnItsLastAttempt_WhenTheLeaseExpires_ThenItIsDeadNotClaimedAgain()
    {
        var release = new TaskCompletionSource();
        var stuck = new RecordingHandler(RecordingHandler.UniqueName("poison"), (_, _) => release.Task);
        await using var store = fixture.OpenStore(new OutboxSubscription(stuck.Name));
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 1);
        var clock = Dispatching.Clock();
        var options = Options with { MaxAttempts = 1 };
        var dying = new OutboxDispatcher(store, [stuck], options, clock);
        var round = dying.RunOnceAsync();
        while (stuck.Calls.IsEmpty)
        {
            await Task.Delay(10);
        }
        clock.Advance(options.LeaseDuration + TimeSpan.FromSeconds(1));
        var next = new RecordingHandler(stuck.Name);
        Assert.Equal(0, await new OutboxDispatcher(store, [next], options, clock).RunOnceAsync());
        Assert.Empty(next.Calls);
        var letter = Assert.Single((await new OutboxQueue(store).ListDeadAsync(stuck.Name)).Items);
        Assert.Contains("lease expired", letter.Error, StringComparison.Ordinal);
        release.SetResult();
        await round;
    }

    [Fact]
    public async Task GivenDoneDeliveries_WhenPurged_ThenOnlyOldDoneRowsGo()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("purge"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 2);
        var clock = Dispatching.Clock();
        await new OutboxDispatcher(store, [handler], Options, clock).DrainAsync();
        var queue = new OutboxQueue(store, clock);
        Assert.Equal(0, await queue.PurgeDoneAsync(TimeSpan.FromDays(1)));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.True(await queue.PurgeDoneAsync(TimeSpan.FromDays(1)) >= 2);
        Assert.Equal(0, await queue.CountAsync(handler.Name, DeliveryState.Done));
    }
}

public sealed class OutboxRetryTestsOnSqlite(SqliteStoreFixture fixture) : OutboxRetryTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class OutboxRetryTestsOnPostgres(PostgresStoreFixture fixture) : OutboxRetryTests(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class OutboxBackoffTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.999999, 1000)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 1.0, 4000)]
    [InlineData(10, 0.0, 5000)]
    [InlineData(10, 1.0, 10000)]
    [InlineData(100, 1.0, 10000)]
    public void GivenAnAttempt_WhenTheDelayIsComputed_ThenItIsHalfFixedHalfJitteredAndCapped(int attempt, double random, double expectedMs)
    {
        var delay = OutboxBackoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), random);
        Assert.Equal(expectedMs, delay.TotalMilliseconds, 0.01);
    }
}
