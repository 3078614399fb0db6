using Bayu.Storage.Outbox;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>The outbox costs the write path nothing unless a handler wants the write.</summary>
public abstract class WritePathCostTests(StoreFixture fixture, ITestOutputHelper output)
{
    private async Task<IReadOnlyList<string>> StatementsOfOneWriteAsync(params OutboxSubscription[] subscriptions)
    {
        var (store, log) = StatementLog.Open(fixture.Database);
        await using (store)
        using (log)
        {
            store.UseOutbox(subscriptions);
            // Same shape every time: a create and an update of another resource, each id new.
            var updated = Writes.NewId("u");
            await Writes.CommitVersionsAsync(store, "Patient", updated, 1);
            log.Clear();
            await using (var session = await store.BeginAsync())
            {
                await session.WriteAsync(Writes.Version("Patient", Writes.NewId("c"), 1));
                await session.WriteAsync(Writes.Version("Patient", updated, 2));
                await session.AppendEventAsync(new OutboxEvent("nobody.listens"));
                await session.CommitAsync();
            }
            var statements = log.Statements.Select(Normalise).ToList();
            output.WriteLine($"{subscriptions.Length} subscription(s):\n  " + string.Join("\n  ", statements));
            Assert.NotEmpty(statements);
            return statements;
        }
    }

    // SQLite's trace shows bound values expanded: mask the ones that differ from run to run (ids, timestamps).
    private static string Normalise(string sql) => System.Text.RegularExpressions.Regex.Replace(sql, @"'[^']*'|\b\d{9,}\b", "?");

    [Fact]
    public async Task GivenNoSubscriptionsOrNoneForTheType_WhenResourcesAreWritten_ThenTheStoreSendsExactlyTheSameStatements()
    {
        var none = await StatementsOfOneWriteAsync();
        var otherType = await StatementsOfOneWriteAsync(new OutboxSubscription(RecordingHandler.UniqueName("obs"), ResourceTypes: ["Observation"], EventKinds: ["other.kind"]));

        Assert.DoesNotContain(none, s => s.Contains("outbox", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(none, otherType);
    }

    [Fact]
    public async Task GivenASubscriptionForTheType_WhenResourcesAreWritten_ThenTheDeliveriesRideInTheSameFlush()
    {
        var none = await StatementsOfOneWriteAsync();
        var subscribed = await StatementsOfOneWriteAsync(new OutboxSubscription(RecordingHandler.UniqueName("patients"), ResourceTypes: ["Patient"]));

        if (fixture.Provider == StoreProvider.Sqlite)
        {
            // One prepared insert per delivery row, after the version and index inserts.
            Assert.Equal(none.Count + 2, subscribed.Count);
            Assert.Equal(none.Take(none.Count - 1), subscribed.Take(none.Count - 1));
            Assert.All(subscribed.Skip(none.Count - 1).Take(2), s => Assert.StartsWith("INSERT INTO outbox_deliveries", s, StringComparison.Ordinal));
        }
        else
        {
            // The same round trips: the deliveries are one more INSERT in the flush's batch.
            Assert.Equal(none.Count, subscribed.Count);
            Assert.Single(subscribed.Zip(none), p => p.First != p.Second);
            Assert.Contains(subscribed, s => s.Contains("INSERT INTO outbox_deliveries", StringComparison.Ordinal));
        }
    }
}

public sealed class WritePathCostTestsOnSqlite(SqliteStoreFixture fixture, ITestOutputHelper output) : WritePathCostTests(fixture, output), IClassFixture<SqliteStoreFixture>;

public sealed class WritePathCostTestsOnPostgres(PostgresStoreFixture fixture, ITestOutputHelper output) : WritePathCostTests(fixture, output), IClassFixture<PostgresStoreFixture>;
