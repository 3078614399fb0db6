using System.Diagnostics;
using System.Globalization;
using Bayu.Storage.Store;
using Xunit.Abstractions;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// Issue 13's "outbox under faults": 200 concurrent writers while the server (and the worker
/// processes, when the outbox runs outside it) is killed with SIGKILL 20 times at random moments.
/// Afterwards the probe handler has received exactly the versions the store holds: every
/// acknowledged write among them, nothing that was rolled back or never committed. The run is
/// seeded; BAYU_FAULT_SEED replays one.
/// </summary>
public abstract class OutboxUnderFaultsTests(ITestOutputHelper output)
{
    private const int Writers = 200;
    private const int Kills = 20;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(120);

    protected abstract StoreProvider Provider { get; }

    [Fact]
    public Task GivenConcurrentWriters_WhenTheServerIsKilledTwentyTimes_ThenEveryCommittedVersionIsDeliveredAndNothingElse() => RunAsync(workers: 0);

    protected async Task RunAsync(int workers)
    {
        var seed = Environment.GetEnvironmentVariable("BAYU_FAULT_SEED") is { Length: > 0 } given
            ? int.Parse(given, CultureInfo.InvariantCulture)
            : Random.Shared.Next(1, 1_000_000);
        output.WriteLine($"{Provider}, {(workers == 0 ? "outbox in the server" : $"{workers} worker processes")}: seed {seed} (BAYU_FAULT_SEED={seed} replays the kill delays and targets and the writers' choices)");
        var clock = Stopwatch.StartNew();
        await using var store = await FaultStore.CreateAsync(Provider);
        using var cluster = new FaultCluster(Settings(store), workers);
        await cluster.StartAsync();

        var ledger = new WriteLedger();
        using var stop = new CancellationTokenSource();
        using var writers = new FaultWriters(() => cluster.ServerUri, seed, ledger);
        var writing = writers.RunAsync(Writers, stop.Token);
        var random = new Random(seed);
        var killed = new Dictionary<string, int>();
        try
        {
            for (var k = 0; k < Kills; k++)
            {
                await Task.Delay(random.Next(200, 2500));
                cluster.AssertAlive();
                var target = workers == 0 ? -1 : random.Next(-1, workers);
                var name = target < 0 ? "server" : FaultCluster.WorkerName(target);
                killed[name] = killed.GetValueOrDefault(name) + 1;
                await cluster.KillAndRestartAsync(target);
            }
            // A last stretch against processes that stay up, so the end is not only restarts.
            await Task.Delay(1000);
        }
        finally
        {
            stop.Cancel();
            await writing;
        }
        var written = clock.Elapsed;

        var (probe, deliveries) = await DrainAsync(store, cluster);
        var stored = await store.StoredVersionsAsync();
        var acknowledged = ledger.Acknowledged.ToHashSet();
        var refused = ledger.Refused.ToHashSet();
        var repeats = probe.Values.Sum(p => (long)p.Deliveries) - probe.Count;
        output.WriteLine($"requests answered {ledger.Requests - ledger.Unanswered:N0}: acknowledged {ledger.AcknowledgedRequests:N0}, refused whole {ledger.RefusedRequests:N0}, 5xx {ledger.ServerErrors:N0}; unanswered {ledger.Unanswered:N0}");
        output.WriteLine($"versions acknowledged {acknowledged.Count:N0}, stored {stored.Count:N0}; refused or rolled-back resources {refused.Count:N0}");
        output.WriteLine($"kills {string.Join(", ", killed.Select(k => $"{k.Key} {k.Value}"))}; kill to ready again {cluster.Restarts.Average(r => r.TotalSeconds):N1} s on average, {cluster.Restarts.Max(r => r.TotalSeconds):N1} s at most");
        output.WriteLine($"delivered {probe.Count:N0} versions in {probe.Values.Sum(p => (long)p.Deliveries):N0} deliveries: {repeats:N0} repeats, {deliveries.Reclaimed:N0} delivery rows claimed again after a lease ran out, {deliveries.Dead} dead");
        output.WriteLine($"first delivered by: {string.Join(", ", probe.Values.GroupBy(p => p.FirstWorker).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count():N0}"))}");
        output.WriteLine($"writing and killing {written.TotalSeconds:N0} s, whole run {clock.Elapsed.TotalSeconds:N0} s");

        Assert.True(ledger.Unexpected.IsEmpty, "unexpected answers:\n" + string.Join('\n', ledger.Unexpected));
        Assert.True(acknowledged.Count > 1000, $"only {acknowledged.Count} versions acknowledged: the run proves little");
        Assert.NotEmpty(refused);
        AssertNone("acknowledged versions never delivered", acknowledged.Where(v => !probe.ContainsKey(v)));
        AssertNone("delivered versions the store does not hold (uncommitted)", probe.Keys.Where(v => !stored.Contains(v)));
        AssertNone("stored versions never delivered", stored.Where(v => !probe.ContainsKey(v)));
        AssertNone("refused or rolled-back resources stored or delivered", refused.Where(r => stored.Concat(probe.Keys).Any(v => v.Type == r.Type && v.Id == r.Id)));
        Assert.Equal(0, deliveries.Dead);
        if (workers > 0)
        {
            var deliverers = probe.Values.Select(p => p.FirstWorker).ToHashSet(StringComparer.Ordinal);
            Assert.Equal(Enumerable.Range(0, workers).Select(FaultCluster.WorkerName).Order(StringComparer.Ordinal), deliverers.Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The fault hosts' settings: short leases and polls, so a killed worker's claims come back within seconds.</summary>
    private static Dictionary<string, string> Settings(FaultStore store) => new(store.Settings)
    {
        ["Bayu__Demo__Seed"] = "false",
        ["Bayu__Workers__LeaseSeconds"] = "2",
        ["Bayu__Workers__PollMilliseconds"] = "100",
        // Small batches finish well inside the lease on a busy machine.
        ["Bayu__Workers__OutboxBatchSize"] = "20",
        ["Bayu__Workers__BackoffBaseMilliseconds"] = "200",
        ["Bayu__Workers__BackoffMaxMilliseconds"] = "2000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.AspNetCore"] = "Error",
        ["Logging__LogLevel__Bayu.Server.Platform.Workers.PlatformWorker"] = "Information",
        // Three processes on two shared cores: workstation GC keeps each one small.
        ["DOTNET_gcServer"] = "0",
    };

    /// <summary>Until no probe delivery is pending and the probe's table stopped growing; bounded.</summary>
    private static async Task<(Dictionary<VersionKey, ProbeRow> Probe, (long Pending, long Done, long Dead, long Reclaimed) Deliveries)> DrainAsync(FaultStore store, FaultCluster cluster)
    {
        var clock = Stopwatch.StartNew();
        var previous = -1;
        while (true)
        {
            cluster.AssertAlive();
            var deliveries = await store.DeliveriesAsync();
            var probe = await store.ProbeAsync();
            if (deliveries.Pending == 0 && probe.Count == previous)
            {
                return (probe, deliveries);
            }
            if (clock.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"the outbox did not drain in {DrainTimeout}: {deliveries.Pending} pending, {probe.Count} delivered");
            }
            previous = probe.Count;
            await Task.Delay(250);
        }
    }

    private static void AssertNone<T>(string what, IEnumerable<T> items)
    {
        var list = items.ToList();
        Assert.True(list.Count == 0, $"{list.Count} {what}, e.g. {string.Join("; ", list.Take(10))}");
    }
}

[CollectionDefinition(Name)]
public sealed class OutboxFaultsCollection
{
    // One fault run at a time: each keeps the machine's cores busy on its own.
    public const string Name = "outbox faults";
}

[Collection(OutboxFaultsCollection.Name)]
public sealed class OutboxUnderFaultsTestsOnSqlite(ITestOutputHelper output) : OutboxUnderFaultsTests(output)
{
    protected override StoreProvider Provider => StoreProvider.Sqlite;
}

[Collection(OutboxFaultsCollection.Name)]
public sealed class OutboxUnderFaultsTestsOnPostgres(ITestOutputHelper output) : OutboxUnderFaultsTests(output)
{
    protected override StoreProvider Provider => StoreProvider.Postgres;

    [Fact]
    public Task GivenTwoWorkerProcessesSharingTheQueue_WhenTheyAndTheServerAreKilledTwentyTimes_ThenEveryCommittedVersionIsDeliveredAndNothingElse() => RunAsync(workers: 2);
}
