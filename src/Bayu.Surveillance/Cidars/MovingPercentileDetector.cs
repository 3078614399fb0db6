using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Cidars;

/// <summary>
/// CIDARS moving percentile method: the count of the last <c>WindowLength</c> periods is compared
/// with a percentile of the matching windows (same calendar date ± neighbouring windows) in
/// previous years. Alarm when the count exceeds the percentile and reaches <c>MinCases</c>.
/// Decisions (percentile type, comparison, leap days, short history) are in ADR 0600.
/// </summary>
public sealed class MovingPercentileDetector(MovingPercentileOptions options) : IOutbreakDetector
{
    public string Name => "cidars";

    public MovingPercentileOptions Options => options;

    // The earliest t whose oldest needed year is complete: one year back plus the neighbours.
    public int EarliestStart(CountSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        // Anchors move forward with t, so the count of complete years never decreases: bisect for
        // the first t that has enough of them instead of trying every t (this runs on every call).
        var (lo, hi) = (options.WindowLength, series.Length + 1);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (CompleteYears(series, mid) >= options.MinYears)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (options.WindowLength < 1 || options.Neighbours < 0 || options.Years < 1 || options.MinYears < 1 || options.MinYears > options.Years)
        {
            throw new DetectionInputException("cidars: window ≥ 1, neighbours ≥ 0, 1 ≤ minYears ≤ years.");
        }

        RangeGuard.Check(this, series, from, to, 1);
        var sums = MovingSums(series.Counts, options.WindowLength);
        var rows = new DetectionRow[to - from + 1];
        var reference = new List<double>();
        for (var t = from; t <= to; t++)
        {
            reference.Clear();
            for (var year = 1; year <= options.Years; year++)
            {
                var anchor = Anchor(series, t, year);
                if (!IsComplete(anchor))
                {
                    continue;
                }

                for (var j = -options.Neighbours; j <= options.Neighbours; j++)
                {
                    reference.Add(sums[anchor + (j * options.WindowLength) - 1]);
                }
            }

            var observed = sums[t - 1];
            var row = new DetectionRow(t, series.DateAt(t), series[t]) { Statistic = observed, ReferenceCount = reference.Count };
            if (reference.Count == 0)
            {
                rows[t - from] = row;
                continue;
            }

            var threshold = Percentile.Type7(reference.ToArray(), options.Percentile);
            rows[t - from] = row with
            {
                UpperBound = threshold,
                Expected = reference.Average(),
                Alarm = observed > threshold && observed >= options.MinCases,
            };
        }

        return rows;
    }

    private int CompleteYears(CountSeries series, int t)
    {
        var complete = 0;
        for (var year = 1; year <= options.Years; year++)
        {
            if (IsComplete(Anchor(series, t, year)))
            {
                complete++;
            }
        }

        return complete;
    }

    // Every window of that year (the earliest ends Neighbours windows before the anchor) lies in the series.
    private bool IsComplete(int anchor) =>
        anchor - (options.Neighbours * options.WindowLength) - options.WindowLength + 1 >= 1;

    // The period holding the same calendar date `years` earlier (29 Feb → 28 Feb); by index without dates.
    // Windows after the anchor may reach into the present for a one-year look-back only when
    // neighbours·window exceeds a year, which the options do not allow to matter in practice.
    private static int Anchor(CountSeries series, int t, int years)
    {
        if (series.Dates is not { } dates)
        {
            return t - (years * series.Frequency);
        }

        var target = dates[t - 1].AddYears(-years);
        var lo = 0;
        var hi = t - 1;
        if (dates[0] > target)
        {
            return 0;
        }

        // Last period starting on or before the target date.
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (dates[mid] <= target)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo + 1;
    }

    private static double[] MovingSums(ReadOnlySpan<double> y, int length)
    {
        // sums[t−1] = y_{t−L+1..t}; NaN where the window would start before t = 1.
        var sums = new double[y.Length];
        var running = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            running += y[i];
            if (i >= length)
            {
                running -= y[i - length];
            }

            sums[i] = i >= length - 1 ? running : double.NaN;
        }

        return sums;
    }
}
