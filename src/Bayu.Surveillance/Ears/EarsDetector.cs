using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Ears;

/// <summary>CDC EARS C1, C2 and C3, as R's <c>earsC</c>.</summary>
public sealed class EarsDetector(EarsOptions options) : IOutbreakDetector
{
    public string Name => "earsC_" + options.Method;

    public EarsOptions Options => options;

    // C1 needs B values before t; C2 adds a 2-step guard band; C3 needs C2 at t−1 and t−2.
    public int EarliestStart(CountSeries series) => options.Baseline + options.Method switch
    {
        EarsMethod.C1 => 1,
        EarsMethod.C2 => 3,
        _ => 5,
    };

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (options.Baseline < 2)
        {
            throw new DetectionInputException("earsC: baseline must be at least 2.");
        }

        RangeGuard.Check(this, series, from, to, from - EarliestStart(series) + 1);
        var z = RDistributions.QNorm(1 - options.EffectiveAlpha);
        var y = series.Counts;
        var rows = new DetectionRow[to - from + 1];
        for (var t = from; t <= to; t++)
        {
            var obs = y[t - 1];
            var row = new DetectionRow(t, series.DateAt(t), obs) { ReferenceCount = options.Baseline };
            if (options.Method == EarsMethod.C3)
            {
                rows[t - from] = C3Row(row, y, t, z);
                continue;
            }

            var lag = options.Method == EarsMethod.C1 ? 0 : 2;
            var (mean, sigma, sd) = Baseline(y, t, lag);
            var upper = mean + (z * sigma);
            rows[t - from] = row with
            {
                UpperBound = upper,
                Alarm = obs > upper,
                Expected = mean,
                StandardDeviation = sd,
                Statistic = (obs - mean) / sigma,
            };
        }

        return rows;
    }

    private DetectionRow C3Row(DetectionRow row, ReadOnlySpan<double> y, int t, double z)
    {
        var (mean, sigma, sd) = Baseline(y, t, 2);
        var lagTerms = Excess(y, t - 1) + Excess(y, t - 2);
        if (options.C3 == C3Variant.Textbook)
        {
            var c3 = lagTerms + Math.Max(0, ((row.Observed - mean) / sigma) - 1);
            var upper = lagTerms > z ? 0 : Math.Max(0, mean + (sigma * (1 + z - lagTerms)));
            return row with
            {
                UpperBound = upper,
                Alarm = double.IsNaN(c3) ? null : c3 > z,
                Expected = mean,
                StandardDeviation = sd,
                Statistic = c3,
            };
        }

        // The package writes U_t = y_t + S_t·(z − lag terms), so the alarm (y_t > U_t) does not
        // depend on y_t itself; kept as the default so results match the reference (ADR 0601).
        var bound = Math.Max(0, row.Observed + (sigma * (z - lagTerms)));
        return row with
        {
            UpperBound = bound,
            Alarm = double.IsNaN(bound) ? null : row.Observed > bound,
            Expected = mean,
            StandardDeviation = sd,
            Statistic = lagTerms,
        };
    }

    private double Excess(ReadOnlySpan<double> y, int s)
    {
        var (mean, sigma, _) = Baseline(y, s, 2);
        return Math.Max(0, ((y[s - 1] - mean) / sigma) - 1);
    }

    private (double Mean, double Sigma, double Sd) Baseline(ReadOnlySpan<double> y, int t, int lag)
    {
        var b = options.Baseline;
        var window = y.Slice(t - 1 - lag - b, b);
        var mean = Moments.Mean(window);
        var sd = Moments.SampleSd(window, mean);
        return (mean, Math.Max(sd, options.MinSigma), sd);
    }
}
