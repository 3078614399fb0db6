using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Glr;

/// <summary>
/// Poisson GLR (Höhle and Paul 2008) as R's <c>algo.glrpois</c>: the chart restarts after each
/// alarm, and the change point runs over every time since the last restart.
/// </summary>
public sealed class GlrPoissonDetector(GlrOptions options) : IOutbreakDetector
{
    private const int MaxCases = 1 << 30;

    public string Name => "glrpois";

    public GlrOptions Options => options;

    public int EarliestStart(CountSeries series) => options.Mu0 is null ? 4 : 1;

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        RangeGuard.Check(this, series, from, to, options.Mu0 is null ? 1 : from);
        var length = to - from + 1;
        double[] mu0;
        if (options.Mu0 is null)
        {
            mu0 = SeasonalBaseline.Predict(series, 0, from, to);
        }
        else if (options.Mu0.Count != length)
        {
            throw new DetectionInputException($"glrpois: mu0 has {options.Mu0.Count} values, the range {length}.");
        }
        else
        {
            mu0 = [.. options.Mu0];
        }

        var x = series.Counts.Slice(from - 1, length);
        var rows = new DetectionRow[length];
        var start = 0;
        var lr = 0.0;
        for (var n = 0; n < length; n++)
        {
            double value;
            double cases;
            bool alarm;
            if (options.Theta is { } theta)
            {
                // R's C lr_cusum: the bound is the real x_n at which the LR would reach c.ARL (not a
                // whole count), and the alarm needs LR > c.ARL, strictly (the GLR uses ≥).
                var drift = (Math.Exp(theta) - 1) * mu0[n];
                cases = (options.CArl - lr + drift) / theta;
                lr = Math.Max(0, lr + (theta * x[n]) - drift);
                value = lr;
                alarm = value > options.CArl;
            }
            else
            {
                value = Glr(x, mu0, start, n, x[n]);
                cases = options.Return == GlrReturn.Cases ? MinimalCases(x, mu0, start, n) : double.NaN;
                alarm = value >= options.CArl;
            }

            // algo.glrnb sets NA and negative bounds to 0.
            cases = double.IsNaN(cases) || cases < 0 ? 0 : cases;
            rows[n] = new DetectionRow(from + n, series.DateAt(from + n), x[n])
            {
                UpperBound = options.Return == GlrReturn.Cases ? cases : value,
                Alarm = alarm,
                Expected = mu0[n],
                Statistic = value,
            };
            if (alarm)
            {
                start = n + 1;
                lr = 0;
            }
        }

        return rows;
    }

    // max over change points k in [start, n] of κ̂Σx + (1 − e^κ̂)Σμ0 with κ̂ = max(0, log(Σx/Σμ0)).
    private static double Glr(ReadOnlySpan<double> x, double[] mu0, int start, int n, double xn)
    {
        var sumX = xn;
        var sumMu = mu0[n];
        var best = Term(sumX, sumMu);
        for (var k = n - 1; k >= start; k--)
        {
            sumX += x[k];
            sumMu += mu0[k];
            best = Math.Max(best, Term(sumX, sumMu));
        }

        return best;
    }

    private static double Term(double sumX, double sumMu)
    {
        var kappa = Math.Max(0, Math.Log(sumX / sumMu));
        return (kappa * sumX) + ((1 - Math.Exp(kappa)) * sumMu);
    }

    // The statistic grows with x_n, so the smallest alarming count is found by doubling then bisection.
    private double MinimalCases(ReadOnlySpan<double> x, double[] mu0, int start, int n)
    {
        if (Glr(x, mu0, start, n, 0) >= options.CArl)
        {
            return 0;
        }

        var high = 1;
        while (Glr(x, mu0, start, n, high) < options.CArl)
        {
            if (high >= MaxCases)
            {
                return double.PositiveInfinity;
            }

            high *= 2;
        }

        var low = high / 2;
        while (high - low > 1)
        {
            var mid = low + ((high - low) / 2);
            if (Glr(x, mu0, start, n, mid) >= options.CArl)
            {
                high = mid;
            }
            else
            {
                low = mid;
            }
        }

        return high;
    }
}
