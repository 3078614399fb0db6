using System.Collections.Concurrent;
using Bayu.Cli.Import;

namespace Bayu.Cli.Tests.Import;

public class ImportRunnerTests
{
    [Fact]
    public async Task GivenReferenceDataBetweenUnits_WhenRun_ThenItWaitsForEarlierUnitsAndRunsAlone()
    {
        var target = new RecordingTarget();
        var items = new IImportItem[]
        {
            Unit("p1", "Patient"), Unit("p2", "Patient"), Unit("orgs", "Organization"), Unit("p3", "Patient"), Unit("p4", "Patient"),
        };
        var report = new ImportReport();

        await ImportRunner.RunAsync(items, target, parallel: 4, report, null, CancellationToken.None);

        var log = target.Log.ToList();
        var orgStart = log.IndexOf("start orgs");
        Assert.True(log.IndexOf("end p1") < orgStart && log.IndexOf("end p2") < orgStart, string.Join(", ", log));
        Assert.Equal("end orgs", log[orgStart + 1]);
        Assert.Equal(5, report.Imported);
    }

    [Fact]
    public async Task GivenATargetThatThrows_WhenRun_ThenTheUnitsEntriesFailWithTheReasonAndTheRestGoesOn()
    {
        var target = new RecordingTarget { FailOn = "bad" };
        var report = new ImportReport();

        await ImportRunner.RunAsync([Unit("bad", "Patient"), Unit("good", "Patient"), new ImportInputError("x.ndjson line 3", "not valid JSON", 0)], target, 2, report, null, CancellationToken.None);

        Assert.Equal(1, report.Imported);
        Assert.Equal(2, report.FailureCount);
        Assert.Contains(report.Failures(), f => f.Source == "bad" && f.Reason == "InvalidOperationException: disk full");
        var summary = new StringWriter();
        ImportSummary.Write(summary, report, 1, "test");
        Assert.Contains("2 failure(s):", summary.ToString());
        Assert.Contains("x.ndjson line 3: not valid JSON", summary.ToString());
    }

    private static ImportUnit Unit(string source, string type) =>
        ImportReader.Unit(source, [], false, [new ImportEntry(type, type)], 0);

    private sealed class RecordingTarget : IImportTarget
    {
        public ConcurrentQueue<string> Log { get; } = new();

        public Task FinishAsync(CancellationToken ct) => Task.CompletedTask;

        public string? FailOn { get; init; }

        public string Description => "recording";

        public Task CheckAsync(CancellationToken ct) => Task.CompletedTask;

        public async Task<IReadOnlyList<EntryOutcome>> SendAsync(ImportUnit unit, CancellationToken ct)
        {
            Log.Enqueue($"start {unit.Source}");
            await Task.Delay(unit.Source.StartsWith('p') ? 50 : 10, ct);
            Log.Enqueue($"end {unit.Source}");
            return unit.Source == FailOn ? throw new InvalidOperationException("disk full") : [.. unit.Entries.Select(_ => new EntryOutcome(true, "201", null))];
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
