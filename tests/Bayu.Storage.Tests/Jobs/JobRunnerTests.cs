using Bayu.Storage.Jobs;
using Bayu.Storage.Tests.Infrastructure;
using Bayu.Storage.Tests.Outbox;

namespace Bayu.Storage.Tests.Jobs;

/// <summary>Jobs report progress, stop on request, and resume from their checkpoint after a runner stops or dies.</summary>
public abstract class JobRunnerTests(StoreFixture fixture)
{
    private static readonly JobRunnerOptions Fast = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(50), LeaseDuration = TimeSpan.FromSeconds(30), PollInterval = TimeSpan.FromMilliseconds(50) };

    private static string Kind(string prefix) => RecordingHandler.UniqueName(prefix);

    private static async Task<JobStatus> WaitForAsync(JobQueue queue, string id, Func<JobStatus, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = (await queue.GetAsync(id))!;
            if (condition(job))
            {
                return job;
            }
            Assert.True(DateTime.UtcNow < deadline, $"job {id} stayed {job.State} at {job.Done}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task GivenARunningJob_WhenItReports_ThenProgressAndCheckpointAreVisibleAndTheResultIsKept()
    {
        var gate = new TaskCompletionSource();
        var handler = new SumJob(Kind("sum"), (i, _) => i == 3 ? gate.Task : Task.CompletedTask);
        await using var store = fixture.OpenStore();
        var queue = new JobQueue(store);
        var id = await queue.EnqueueAsync(handler.Kind, SumJob.Parameters(5));
        Assert.Equal(JobState.Queued, (await queue.GetAsync(id))!.State);
        await using var runner = new JobRunner(store, [handler], Fast);

        var run = runner.RunOnceAsync();
        var midway = await WaitForAsync(queue, id, j => j.Done == 2);
        Assert.Equal((JobState.Running, 2L, (long?)5, 1), (midway.State, midway.Done, midway.Total, midway.Attempts));
        Assert.True(SumJob.SameJson("""{"i":2,"sum":3}""", midway.Checkpoint));
        Assert.NotNull(midway.StartedAt);
        Assert.Null(midway.FinishedAt);
        gate.SetResult();
        Assert.True(await run);

        var done = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Succeeded, 5L, true), (done.State, done.Done, done.IsFinished));
        Assert.True(SumJob.SameJson(SumJob.ResultOf(5), done.Result));
        Assert.True(done.FinishedAt >= done.StartedAt);
        Assert.Contains(await queue.ListAsync(JobState.Succeeded, handler.Kind), j => j.Id == id);
        Assert.Empty(await queue.ListAsync(JobState.Queued, handler.Kind));
        Assert.Null(await queue.GetAsync("no-such-job"));
        Assert.False(await runner.RunOnceAsync());
    }

    [Fact]
    public async Task GivenARunningJob_WhenCancellationIsRequestedFromAnotherProcess_ThenItsTokenFiresAndItEndsCancelled()
    {
        var kind = Kind("cancel");
        var handler = new SumJob(kind, (i, ctx) => i == 2 ? Task.Delay(Timeout.Infinite, ctx.CancellationToken) : Task.CompletedTask);
        await using var runnerStore = fixture.OpenStore();
        await using var otherStore = fixture.OpenStore();
        var queue = new JobQueue(otherStore);
        var id = await queue.EnqueueAsync(kind, SumJob.Parameters(10));
        await using var runner = new JobRunner(runnerStore, [handler], Fast);
        var run = runner.RunOnceAsync();
        await WaitForAsync(queue, id, j => j.Done == 1);

        Assert.True(await queue.RequestCancelAsync(id));
        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(30)));

        var job = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Cancelled, true, 1L), (job.State, job.CancelRequested, job.Done));
        Assert.NotNull(job.FinishedAt);
        Assert.False(await queue.RequestCancelAsync(id));
    }

    [Fact]
    public async Task GivenAQueuedJob_WhenCancelled_ThenItNeverRuns()
    {
        var handler = new SumJob(Kind("cancel-queued"));
        await using var store = fixture.OpenStore();
        var queue = new JobQueue(store);
        var id = await queue.EnqueueAsync(handler.Kind, SumJob.Parameters(3));
        Assert.True(await queue.RequestCancelAsync(id));
        await using var runner = new JobRunner(store, [handler], Fast);
        Assert.False(await runner.RunOnceAsync());
        Assert.Empty(handler.Steps);
        Assert.Equal(JobState.Cancelled, (await queue.GetAsync(id))!.State);
        Assert.False(await queue.RequestCancelAsync("no-such-job"));
    }

    [Fact]
    public async Task GivenAHandlerThatThrows_WhenRun_ThenTheJobFailsWithTheErrorTypeAndMessageOnly()
    {
        var handler = new SumJob(Kind("fail"), (i, _) => i == 2 ? throw new FormatException("bad row 17") : Task.CompletedTask);
        await using var store = fixture.OpenStore();
        var queue = new JobQueue(store);
        var id = await queue.EnqueueAsync(handler.Kind, SumJob.Parameters(4));
        await using var runner = new JobRunner(store, [handler], Fast);
        Assert.True(await runner.RunOnceAsync());
        var job = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Failed, "System.FormatException: bad row 17", 1L), (job.State, job.Error, job.Done));
    }

    [Fact]
    public async Task GivenARunnerThatDiesMidJob_WhenItsLeaseExpires_ThenAnotherRunnerResumesFromTheCheckpointWithTheSameResult()
    {
        var kind = Kind("crash");
        var clock = Dispatching.Clock();
        var options = new JobRunnerOptions { LeaseDuration = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromSeconds(10), ShutdownTimeout = TimeSpan.FromSeconds(1) };
        // The first runner's handler hangs after saving step 3 and ignores every cancellation: a crash, as far as the queue can tell.
        var hang = new TaskCompletionSource();
        var dying = new SumJob(kind, (i, _) => i == 4 ? hang.Task : Task.CompletedTask);
        var healthy = new SumJob(kind);
        await using var storeA = fixture.OpenStore();
        await using var storeB = fixture.OpenStore();
        var queue = new JobQueue(storeA);
        var id = await queue.EnqueueAsync(kind, SumJob.Parameters(8));
        var runnerA = new JobRunner(storeA, [dying], options, clock);
        var runA = runnerA.RunOnceAsync();
        await WaitForAsync(queue, id, j => j.Done == 3);
        while (dying.Steps.Count < 4)
        {
            await Task.Delay(10);
        }

        var stopping = runnerA.DisposeAsync().AsTask();
        // The shutdown timeout runs on the fake clock, whose timer may start only after a first advance.
        while (!stopping.IsCompleted)
        {
            clock.Advance(options.ShutdownTimeout);
            await Task.WhenAny(stopping, Task.Delay(20));
        }
        await stopping;
        await using var runnerB = new JobRunner(storeB, [healthy], options, clock);
        Assert.False(await runnerB.RunOnceAsync());
        clock.Advance(options.LeaseDuration);
        Assert.True(await runnerB.RunOnceAsync());

        var job = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Succeeded, 2, 8L), (job.State, job.Attempts, job.Done));
        Assert.True(SumJob.SameJson(SumJob.ResultOf(8), job.Result));
        Assert.True(SumJob.SameJson("""{"i":3,"sum":6}""", Assert.Single(healthy.CheckpointsAtStart)));
        Assert.Equal([4, 5, 6, 7, 8], healthy.Steps.Select(s => s.Step));
        Assert.All(healthy.Steps, s => Assert.Equal(2, s.Attempt));

        // The same job run without interruption gives the same result.
        var uninterrupted = await queue.EnqueueAsync(kind, SumJob.Parameters(8));
        Assert.True(await runnerB.RunOnceAsync());
        Assert.True(SumJob.SameJson(job.Result, (await queue.GetAsync(uninterrupted))!.Result));

        // The dead runner's handler wakes up late: it can no longer write anything.
        hang.SetResult();
        await runA.WaitAsync(TimeSpan.FromSeconds(30));
        var after = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Succeeded, 8L), (after.State, after.Done));
        Assert.True(SumJob.SameJson(SumJob.ResultOf(8), after.Result));
    }

    [Fact]
    public async Task GivenARunnerThatStopsCleanlyMidJob_WhenStopped_ThenTheJobIsHandedBackAndResumesAtOnceElsewhere()
    {
        var kind = Kind("stop");
        var reached = new TaskCompletionSource();
        var first = new SumJob(kind, async (i, ctx) =>
        {
            if (i == 3)
            {
                reached.TrySetResult();
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
        });
        var second = new SumJob(kind);
        await using var store = fixture.OpenStore();
        var queue = new JobQueue(store);
        var id = await queue.EnqueueAsync(kind, SumJob.Parameters(6));
        var runnerA = new JobRunner(store, [first], Fast);
        var runA = runnerA.RunOnceAsync();
        await reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await runnerA.DisposeAsync();
        Assert.True(await runA);

        var handedBack = (await queue.GetAsync(id))!;
        Assert.Equal((JobState.Queued, 2L, 0), (handedBack.State, handedBack.Done, handedBack.Attempts));
        await using var runnerB = new JobRunner(fixture.OpenStore(), [second], Fast);
        Assert.True(await runnerB.RunOnceAsync());
        Assert.Equal([3, 4, 5, 6], second.Steps.Select(s => s.Step));
        Assert.True(SumJob.SameJson(SumJob.ResultOf(6), (await queue.GetAsync(id))!.Result));
    }

    [Fact]
    public async Task GivenARunnerWaitingForWork_WhenAJobIsEnqueuedInTheSameProcess_ThenItRunsWithoutWaitingForThePoll()
    {
        var handler = new SumJob(Kind("wake"));
        await using var store = fixture.OpenStore();
        var queue = new JobQueue(store);
        await using var runner = new JobRunner(store, [handler], Fast with { PollInterval = TimeSpan.FromMinutes(10) });
        using var stop = new CancellationTokenSource();
        var running = runner.RunAsync(stop.Token);
        await Task.Delay(100);

        var id = await queue.EnqueueAsync(handler.Kind, SumJob.Parameters(3));
        var job = await WaitForAsync(queue, id, j => j.IsFinished);
        Assert.Equal(JobState.Succeeded, job.State);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task GivenTwoRunnersOfSeparateProcesses_WhenTheyClaimAtOnce_ThenEachTakesADifferentJob()
    {
        var kind = Kind("pair");
        var release = new TaskCompletionSource();
        var started = new System.Collections.Concurrent.ConcurrentBag<string>();
        SumJob Handler() => new(kind, async (i, ctx) =>
        {
            started.Add(ctx.JobId);
            await release.Task;
        });
        await using var storeA = fixture.OpenStore();
        await using var storeB = fixture.OpenStore();
        var queue = new JobQueue(storeA);
        var ids = new[] { await queue.EnqueueAsync(kind, SumJob.Parameters(1)), await queue.EnqueueAsync(kind, SumJob.Parameters(1)) };
        await using var runnerA = new JobRunner(storeA, [Handler()], Fast);
        await using var runnerB = new JobRunner(storeB, [Handler()], Fast);
        var runs = new[] { runnerA.RunOnceAsync(), runnerB.RunOnceAsync() };
        while (started.Count < 2)
        {
            await Task.Delay(10);
        }
        Assert.Equal(ids.Order(), started.Order());
        release.SetResult();
        Assert.All(await Task.WhenAll(runs), Assert.True);
        Assert.All(await queue.ListAsync(kind: kind), j => Assert.Equal((JobState.Succeeded, 1), (j.State, j.Attempts)));
    }
}

public sealed class JobRunnerTestsOnSqlite(SqliteStoreFixture fixture) : JobRunnerTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class JobRunnerTestsOnPostgres(PostgresStoreFixture fixture) : JobRunnerTests(fixture), IClassFixture<PostgresStoreFixture>;
