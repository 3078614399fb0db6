using Bayu.Storage.Outbox;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>Deliveries commit with the versions and events that cause them, and only then.</summary>
public abstract class OutboxDeliveryTests(StoreFixture fixture)
{
    [Fact]
    public async Task GivenASubscribedHandler_WhenVersionsCommit_ThenEachVersionIsDeliveredOnceWithItsData()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("all"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        var id = Writes.NewId();
        await Writes.CommitVersionsAsync(store, "Patient", id, 2);
        await using (var session = await store.BeginAsync())
        {
            await session.WriteAsync(Writes.Version("Patient", id, 3, deleted: true));
            await session.CommitAsync();
        }

        var dispatcher = new OutboxDispatcher(store, [handler], time: Dispatching.Clock());
        Assert.Equal(3, await dispatcher.DrainAsync());

        var received = handler.Handled.OrderBy(m => m.Seq).ToList();
        Assert.Equal([1, 2, 3], received.Select(m => m.VersionId));
        Assert.Equal([StoredMethod.Create, StoredMethod.Update, StoredMethod.Delete], received.Select(m => m.Method));
        Assert.All(received, m =>
        {
            Assert.Equal(("Patient", id, OutboxEvent.ResourceVersionKind, 1), (m.ResourceType, m.ResourceId, m.Kind, m.Attempt));
            Assert.True(m.IsResourceVersion);
            Assert.Null(m.Payload);
        });
        Assert.Equal(3, await new OutboxQueue(store).CountAsync(handler.Name, DeliveryState.Done));
        Assert.Equal(0, await dispatcher.RunOnceAsync());
    }

    [Fact]
    public async Task GivenASessionThatIsNotCommitted_WhenItEnds_ThenItLeavesNoDeliveries()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("rollback"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name, EventKinds: ["k"]));
        await using (var session = await store.BeginAsync())
        {
            await session.WriteAsync(Writes.Version("Patient", Writes.NewId(), 1));
            await session.AppendEventAsync(new OutboxEvent("k", Payload: """{"n":1}"""));
            // Flushed to the database inside the transaction, then rolled back with it.
            await session.ReadCurrentAsync("Patient", "none");
        }

        Assert.Equal(0, await new OutboxDispatcher(store, [handler], time: Dispatching.Clock()).DrainAsync());
        Assert.DoesNotContain(await new OutboxQueue(store).CountsAsync(), c => c.Handler == handler.Name);
    }

    [Fact]
    public async Task GivenASavepointRolledBack_WhenTheSessionCommits_ThenOnlyWhatSurvivedIsDelivered()
    {
        var handler = new RecordingHandler(RecordingHandler.UniqueName("savepoint"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name, EventKinds: ["k"]));
        var (kept, undone, after) = (Writes.NewId("kept"), Writes.NewId("undone"), Writes.NewId("after"));
        await using (var session = await store.BeginAsync())
        {
            await session.WriteAsync(Writes.Version("Patient", kept, 1));
            await session.SavepointAsync("entry");
            await session.WriteAsync(Writes.Version("Patient", undone, 1));
            await session.AppendEventAsync(new OutboxEvent("k", "Patient", undone));
            await session.ReadCurrentAsync("Patient", undone);
            await session.WriteAsync(Writes.Version("Observation", undone, 1));
            await session.RollbackToSavepointAsync("entry");
            await session.WriteAsync(Writes.Version("Patient", after, 1));
            await session.CommitAsync();
        }

        await new OutboxDispatcher(store, [handler], time: Dispatching.Clock()).DrainAsync();

        Assert.Equal([kept, after], handler.Handled.OrderBy(m => m.Seq).Select(m => m.ResourceId));
    }

    [Fact]
    public async Task GivenHandlersWithFilters_WhenVersionsAndEventsCommit_ThenEachGetsWhatItSubscribedTo()
    {
        var all = new RecordingHandler(RecordingHandler.UniqueName("all"));
        var observations = new RecordingHandler(RecordingHandler.UniqueName("obs"));
        var events = new RecordingHandler(RecordingHandler.UniqueName("events"));
        await using var store = fixture.OpenStore(
            new OutboxSubscription(all.Name),
            new OutboxSubscription(observations.Name, ResourceTypes: ["Observation"]),
            new OutboxSubscription(events.Name, EventKinds: ["prescription.signed"], ResourceChanges: false));
        var (patient, observation) = (Writes.NewId("p"), Writes.NewId("o"));
        await using (var session = await store.BeginAsync())
        {
            await session.WriteAsync(Writes.Version("Patient", patient, 1));
            await session.WriteAsync(Writes.Version("Observation", observation, 1));
            await session.AppendEventAsync(new OutboxEvent("prescription.signed", "MedicationRequest", "mr-1", """{"pharmacy":"Organization/ph-1"}"""));
            await session.AppendEventAsync(new OutboxEvent("nobody.listens"));
            await session.CommitAsync();
        }

        await new OutboxDispatcher(store, [all, observations, events], time: Dispatching.Clock()).DrainAsync();

        Assert.Equal([patient, observation], all.Handled.OrderBy(m => m.Seq).Select(m => m.ResourceId));
        Assert.Equal([observation], observations.Handled.Select(m => m.ResourceId));
        var signed = Assert.Single(events.Handled);
        Assert.Equal(("prescription.signed", "MedicationRequest", "mr-1", (int?)null), (signed.Kind, signed.ResourceType, signed.ResourceId, signed.VersionId));
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse("""{"pharmacy":"Organization/ph-1"}"""), System.Text.Json.Nodes.JsonNode.Parse(signed.Payload!)));
        Assert.DoesNotContain(await new OutboxQueue(store).CountsAsync(), c => c.Handler == "nobody.listens");
    }

    [Fact]
    public async Task GivenASubscriptionThatAcceptsSomeVersions_WhenVersionsCommit_ThenOnlyThoseBecomeDeliveries()
    {
        var (wanted, other) = (Writes.NewId("want"), Writes.NewId("other"));
        var handler = new RecordingHandler(RecordingHandler.UniqueName("some"));
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name, Accepts: v => v.Id == wanted));
        await using (var session = await store.BeginAsync())
        {
            await session.WriteAsync(Writes.Version("Patient", wanted, 1));
            await session.WriteAsync(Writes.Version("Patient", other, 1));
            await session.CommitAsync();
        }

        await new OutboxDispatcher(store, [handler], time: Dispatching.Clock()).DrainAsync();

        Assert.Equal([wanted], handler.Handled.Select(m => m.ResourceId));
        Assert.Equal(1, (await new OutboxQueue(store).CountsAsync()).Where(c => c.Handler == handler.Name).Sum(c => c.Count));
    }

    [Fact]
    public async Task GivenADispatcherWaitingForWork_WhenACommitInTheSameProcessWritesDeliveries_ThenItDeliversWithoutWaitingForThePoll()
    {
        var delivered = new TaskCompletionSource<OutboxMessage>();
        var handler = new RecordingHandler(RecordingHandler.UniqueName("wake"), (m, _) => { delivered.TrySetResult(m); return Task.CompletedTask; });
        await using var store = fixture.OpenStore(new OutboxSubscription(handler.Name));
        using var stop = new CancellationTokenSource();
        var running = new OutboxDispatcher(store, [handler], new OutboxOptions { PollInterval = TimeSpan.FromMinutes(10) }).RunAsync(stop.Token);
        await Task.Delay(100);

        var id = Writes.NewId();
        await Writes.CommitVersionsAsync(store, "Patient", id, 1);
        Assert.Equal(id, (await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30))).ResourceId);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GivenAStoreThatHasBegunASession_WhenSubscriptionsAreSetAfterwards_ThenItRefuses()
    {
        await using var store = fixture.OpenStore();
        await using (var session = await store.BeginAsync())
        {
            await session.CommitAsync();
        }
        Assert.Throws<InvalidOperationException>(() => store.UseOutbox([new OutboxSubscription("late")]));
    }
}

public sealed class OutboxDeliveryTestsOnSqlite(SqliteStoreFixture fixture) : OutboxDeliveryTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class OutboxDeliveryTestsOnPostgres(PostgresStoreFixture fixture) : OutboxDeliveryTests(fixture), IClassFixture<PostgresStoreFixture>;
