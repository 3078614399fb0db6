using Bayu.Storage.Outbox;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>An ordered handler sees one resource's versions in order, even across failures; other resources are not held up.</summary>
public abstract class OutboxOrderingTests(StoreFixture fixture)
{
    [Fact]
    public async Task GivenAnOrderedHandler_WhenAnEarlierVersionFails_ThenLaterVersionsOfThatResourceWaitAndOthersGoOn()
    {
        var (a, b) = (Writes.NewId("a"), Writes.NewId("b"));
        var failOnce = true;
        var handler = new RecordingHandler(RecordingHandler.UniqueName("ordered"), (m, _) =>
        {
            if (m.ResourceId == a && m.VersionId == 1 && failOnce)
            {
                failOnce = false;
                throw new InvalidOperationException("first try fails");
            }
            return Task.CompletedTask;
        });
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name, Ordered: true));
        await Writes.CommitVersionsAsync(store, "Patient", a, 3);
        await Writes.CommitVersionsAsync(store, "Patient", b, 1);
        var clock = Dispatching.Clock();
        var dispatcher = new OutboxDispatcher(store, [handler], new OutboxOptions { BatchSize = 50, BackoffBase = TimeSpan.FromSeconds(1) }, clock);

        // One round: only the head of each resource is handed out.
        Assert.Equal(2, await dispatcher.RunOnceAsync());
        Assert.Equal([(a, 1), (b, 1)], handler.Calls.OrderBy(m => m.Seq).Select(m => (m.ResourceId, m.VersionId!.Value)));
        // a/1 failed and is not due yet, so a/2 and a/3 stay behind it.
        Assert.Equal(0, await dispatcher.RunOnceAsync());
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await dispatcher.DrainAsync());

        Assert.Equal([1, 2, 3], handler.Handled.Where(m => m.ResourceId == a).Select(m => m.VersionId!.Value));
    }

    [Fact]
    public async Task GivenAnOrderedHandlerWithADeadDelivery_WhenItIsReplayed_ThenTheResourceMovesOnInOrder()
    {
        var a = Writes.NewId("a");
        var broken = true;
        var handler = new RecordingHandler(RecordingHandler.UniqueName("ordered-dead"), (m, _) => broken && m.VersionId == 1 ? throw new InvalidOperationException("x") : Task.CompletedTask);
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name, Ordered: true));
        await Writes.CommitVersionsAsync(store, "Patient", a, 2);
        var dispatcher = new OutboxDispatcher(store, [handler], new OutboxOptions { MaxAttempts = 1 }, Dispatching.Clock());

        Assert.Equal(1, await dispatcher.DrainAsync());
        // Dead is not done: version 2 waits for it.
        Assert.Empty(handler.Handled);
        broken = false;
        await new OutboxQueue(store).ReplayAsync(handler.Name);
        Assert.Equal(2, await dispatcher.DrainAsync());
        Assert.Equal([1, 2], handler.Handled.Select(m => m.VersionId!.Value));
    }

    [Fact]
    public async Task GivenAnUnorderedHandler_WhenAResourceHasManyVersions_ThenOneRoundTakesThemAll()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("unordered"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        await Writes.CommitVersionsAsync(store, "Patient", Writes.NewId(), 3);
        Assert.Equal(3, await new OutboxDispatcher(store, [handler], time: Dispatching.Clock()).RunOnceAsync());
    }
}

public sealed class OutboxOrderingTestsOnSqlite(SqliteStoreFixture fixture) : OutboxOrderingTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class OutboxOrderingTestsOnPostgres(PostgresStoreFixture fixture) : OutboxOrderingTests(fixture), IClassFixture<PostgresStoreFixture>;
