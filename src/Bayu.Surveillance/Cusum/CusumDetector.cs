using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Glr;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Cusum;

/// <summary>CUSUM as R's <c>algo.cusum</c>: no reset after an alarm, S₀ = 0 at the range start.</summary>
public sealed class CusumDetector(CusumOptions options) : IOutbreakDetector
{
    public string Name => "cusum";

    public CusumOptions Options => options;

    public int EarliestStart(CountSeries series) => options.Mean switch
    {
        CusumMean.Constant => 1,
        CusumMean.PreRangeMean => 2,
        _ => 4,
    };

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        RangeGuard.Check(this, series, from, to, options.Mean == CusumMean.Constant ? from : 1);
        var y = series.Counts;
        var m = InControlMeans(series, from, to);
        var rows = new DetectionRow[to - from + 1];
        var s = 0.0;
        var (k, h) = (options.K, options.H);
        for (var t = from; t <= to; t++)
        {
            var x = y[t - 1];
            var mt = m[t - from];
            var z = options.Transform switch
            {
                CusumTransform.Standard => (x - mt) / Math.Sqrt(mt),
                CusumTransform.Rossi => (x - (3 * mt) + (2 * Math.Sqrt(x * mt))) / (2 * Math.Sqrt(mt)),
                _ => 1.5 * (Math.Pow(x, 2.0 / 3) - Math.Pow(mt, 2.0 / 3)) / Math.Pow(mt, 1.0 / 6),
            };
            var upper = UpperBound(mt, h + k - s);
            s = Math.Max(0, s + z - k);
            rows[t - from] = new DetectionRow(t, series.DateAt(t), x)
            {
                UpperBound = double.IsNaN(upper) || upper < 0 ? 0 : upper,
                Alarm = s >= h,
                Expected = mt,
                Statistic = s,
            };
        }

        return rows;
    }

    // Smallest count that would take S_t to h, given the head room c = h + k − S_{t−1}.
    private double UpperBound(double m, double c) => options.Transform switch
    {
        CusumTransform.Standard => Math.Ceiling((Math.Sqrt(m) * c) + m),
        CusumTransform.Anscombe => Math.Pow(((2.0 / 3) * Math.Pow(m, 1.0 / 6) * c) + Math.Pow(m, 2.0 / 3), 1.5),
        _ => RossiBound(m, c),
    };

    // Solves (x − 3m + 2√(xm)) / (2√m) = c for x: √x = −√m + √(4m + 2c√m). The reference squares
    // the root even when it is negative (then no count is below the bound anyway), so do the same.
    private static double RossiBound(double m, double c)
    {
        var root = -Math.Sqrt(m) + Math.Sqrt((4 * m) + (2 * c * Math.Sqrt(m)));
        return root * root;
    }

    private double[] InControlMeans(CountSeries series, int from, int to)
    {
        var m = new double[to - from + 1];
        switch (options.Mean)
        {
            case CusumMean.Constant:
                Array.Fill(m, options.ConstantM);
                break;
            case CusumMean.PreRangeMean:
                Array.Fill(m, Moments.Mean(series.Counts[..(from - 1)]));
                break;
            default:
                // R uses t = start[2] + index − 1 here (the GLR hook uses the bare index).
                var shift = series.StartEpochInYear - 1;
                var predicted = SeasonalBaseline.Predict(series, shift, from, to);
                predicted.CopyTo(m, 0);
                break;
        }

        return m;
    }
}
