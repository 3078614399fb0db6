using Bayu.Surveillance.Detection;

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
        foreach (var run in GoldenData.Runs)
        {
            data.Add(run.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunIds))]
    public void GivenAGoldenRun_WhenReplayed_ThenAlarmsBoundsAndExpectedMatchR(string runId)
    {
        var run = GoldenData.Runs.Single(r => r.Id == runId);
        var expected = GoldenData.Output(run);
        var setup = DetectorCatalog.Create(run.Algorithm, GoldenData.Params(run));
        var series = GoldenData.Input(run.Dataset);
        Assert.True(setup.Frequency is null || setup.Frequency == series.Frequency, "frequency of the input and the run differ");
        var (from, to) = setup.ResolveRange(series);
        var actual = setup.Detector.Detect(series, from, to);

        var tolerance = UsesGlm(run) ? GlmTolerance : ClosedFormTolerance;
        Assert.Equal(expected.Count, actual.Count);
        var problems = new List<string>();
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal(e.T, a.T);
            Assert.Equal(e.Observed, a.Observed);
            if (e.Alarm != a.Alarm)
            {
                problems.Add($"t={e.T}: alarm {a.Alarm} != {e.Alarm} (U {a.UpperBound} vs {e.UpperBound})");
            }

            if (!Close(a.UpperBound, e.UpperBound, tolerance))
            {
                problems.Add($"t={e.T}: upperbound {a.UpperBound:R} != {e.UpperBound:R}");
            }

            if (!double.IsNaN(e.Expected) && !Close(a.Expected, e.Expected, tolerance))
            {
                problems.Add($"t={e.T}: expected {a.Expected:R} != {e.Expected:R}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} mismatches in {runId}:\n" + string.Join("\n", problems.Take(8)));
    }

    [Fact]
    public void GivenTheRunList_WhenLoaded_ThenEveryGoldenRunIsPresent()
    {
        Assert.Equal(71, GoldenData.Runs.Count);
        Assert.All(GoldenData.Runs, run => Assert.NotEmpty(GoldenData.Output(run)));
    }

    private static bool UsesGlm(GoldenRun run) =>
        run.Algorithm is "farrington" or "farringtonFlexible" or "glrpois" || run.Variant.Contains("mglm", StringComparison.Ordinal);

    private static bool Close(double actual, double expected, double tolerance)
    {
        if (double.IsNaN(expected) || double.IsNaN(actual))
        {
            return double.IsNaN(expected) && double.IsNaN(actual);
        }

        // Relative, with an absolute floor for statistics that are zero up to rounding.
        return Math.Abs(actual - expected) <= (tolerance * Math.Abs(expected)) + 1e-12;
    }
}
