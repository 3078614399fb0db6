namespace Bayu.Surveillance.Tests.Golden;

/// <summary>Replays every run of runs.csv and compares it with R <c>surveillance</c> 1.20.3's output.</summary>
public class GoldenReplayTests
{
    // Closed-form methods can match to rounding; GLM-based ones depend on IRLS arithmetic.
    private const double ClosedFormTolerance = 1e-10;
    private const double GlmTolerance = 1e-6;

    public static TheoryData<string> RunIds()
    {
        var data = new TheoryData<string>();
        foreach (var run in GoldenSet.Shipped.Runs)
        {
            data.Add(run.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunIds))]
    public void GivenAGoldenRun_WhenReplayed_ThenAlarmsBoundsAndExpectedMatchR(string runId)
    {
        var run = GoldenSet.Shipped.Runs.Single(r => r.Id == runId);
        var problems = GoldenReplay.Mismatches(GoldenSet.Shipped, run, UsesGlm(run) ? GlmTolerance : ClosedFormTolerance);
        Assert.True(problems.Count == 0, $"{problems.Count} mismatches in {runId}:\n" + string.Join("\n", problems.Take(8)));
    }

    [Fact]
    public void GivenTheRunList_WhenLoaded_ThenEveryGoldenRunIsPresent()
    {
        Assert.Equal(71, GoldenSet.Shipped.Runs.Count);
        Assert.All(GoldenSet.Shipped.Runs, run => Assert.NotEmpty(GoldenSet.Shipped.Output(run)));
    }

    private static bool UsesGlm(GoldenRun run) =>
        run.Algorithm is "farrington" or "farringtonFlexible" or "glrpois" || run.Variant.Contains("mglm", StringComparison.Ordinal);
}
