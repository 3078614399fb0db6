using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Region;

/// <summary>One (series, detector) cell of a region run: the evaluated rows, or why the detector could not run.</summary>
public sealed record RegionResult(int Series, int Detector, IReadOnlyList<DetectionRow> Rows, string? Error);

/// <summary>
/// Evaluates many series × detectors, the shape of a regional daily run (every district × disease
/// with every configured algorithm). Series are independent, so they are spread over cores; each
/// worker runs all detectors on one series in turn, which keeps that series' counts in cache.
/// </summary>
public static class RegionRunner
{
    /// <param name="series">The region's series (they may differ in length).</param>
    /// <param name="detectors">Configured detectors, applied to every series.</param>
    /// <param name="lastPeriods">How many periods at the end of each series to evaluate (1 for a new day).</param>
    /// <param name="maxDegreeOfParallelism">Worker count; −1 uses every core, 1 runs on the calling thread.</param>
    /// <returns>Cells in series-major order: index = series · detectors.Count + detector.</returns>
    public static RegionResult[] Run(
        IReadOnlyList<CountSeries> series,
        IReadOnlyList<IOutbreakDetector> detectors,
        int lastPeriods,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(detectors);
        ArgumentOutOfRangeException.ThrowIfLessThan(lastPeriods, 1);
        var results = new RegionResult[series.Count * detectors.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, series.Count, options, s =>
        {
            var current = series[s];
            var to = current.Length;
            var from = Math.Max(1, to - lastPeriods + 1);
            for (var d = 0; d < detectors.Count; d++)
            {
                results[(s * detectors.Count) + d] = Evaluate(current, detectors[d], from, to, s, d);
            }
        });

        return results;
    }

    // A series that is too short or has gaps must not stop the rest of the region: the cell says why.
    private static RegionResult Evaluate(CountSeries series, IOutbreakDetector detector, int from, int to, int s, int d)
    {
        try
        {
            return new RegionResult(s, d, detector.Detect(series, from, to), null);
        }
        catch (DetectionInputException e)
        {
            return new RegionResult(s, d, [], e.Message);
        }
    }
}
