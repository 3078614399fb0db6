using Bayu.Surveillance.Detection;

namespace Bayu.Surveillance.Tests.Golden;

/// <summary>Replays one reference run through the catalog and lists where Bayu and R differ.</summary>
internal static class GoldenReplay
{
    public static List<string> Mismatches(GoldenSet set, GoldenRun run, double tolerance)
    {
        var expected = set.Output(run);
        var setup = DetectorCatalog.Create(run.Algorithm, GoldenSet.Params(run));
        var series = set.Input(run.Dataset);
        Assert.True(setup.Frequency is null || setup.Frequency == series.Frequency, "frequency of the input and the run differ");
        var (from, to) = setup.ResolveRange(series);
        var actual = setup.Detector.Detect(series, from, to);

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

        return problems;
    }

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
