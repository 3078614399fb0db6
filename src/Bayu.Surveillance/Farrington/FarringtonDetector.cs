using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Farrington;

/// <summary>
/// Farrington et al. (1996) as R's <c>algo.farrington</c> with <c>fitGLM.fast</c>: two-sided α,
/// upper bound 0 (not NA) when fewer than 5 cases fell in the last 4 periods.
/// </summary>
public sealed class FarringtonDetector(FarringtonOptions options) : IOutbreakDetector
{
    public string Name => "farrington";

    public FarringtonOptions Options => options;

    // R would start at freq·b − w and silently drop reference points before t = 1; Bayu insists on
    // complete reference windows instead. Without a usable calendar, Detect reports why.
    public int EarliestStart(CountSeries series) =>
        options.ReferenceWeeks == ReferenceWeeks.DateBased && ReferenceCalendar.TryFor(series) is { } calendar
            ? calendar.EarliestStart(options.B, options.W, false)
            : (series.Frequency * options.B) + options.W + 1;

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (options.B < 1 || options.W < 0)
        {
            throw new DetectionInputException("farrington: b must be at least 1 and w at least 0.");
        }

        var calendar = options.ReferenceWeeks == ReferenceWeeks.DateBased ? ReferenceCalendar.For(series, Name) : null;
        RangeGuard.Check(this, series, from, to, 1);
        var z = RDistributions.QNorm(1 - (options.Alpha / 2));
        var y = series.Counts;
        var rows = new DetectionRow[to - from + 1];
        for (var k = from; k <= to; k++)
        {
            var periods = calendar is null
                ? ReferenceData.IndexWindows(k, series.Frequency, options.B, options.W)
                : calendar.FarringtonWindows(k, options.B, options.W, Name);
            rows[k - from] = Evaluate(series, y, k, ReferenceData.Farrington(y, periods, k), z);
        }

        return rows;
    }

    private DetectionRow Evaluate(CountSeries series, ReadOnlySpan<double> y, int k, ReferenceData data, double z)
    {
        var row = new DetectionRow(k, series.DateAt(k), y[k - 1]);
        var model = FarringtonModel.Fit(data, options.Trend, options.Reweight, 1.0, false);
        if (model is null)
        {
            return row with { ReferenceCount = data.Length };
        }

        var trendP = double.NaN;
        var trendKept = false;
        if (model.Trend)
        {
            trendP = model.TrendPValue();
            var mu0Hat = Math.Exp(model.Glm.LinearPredictor(model.PredictionRow(data.PredictionTime, 1)));
            trendKept = trendP < 0.05 && options.B >= 3 && mu0Hat <= data.MaxCount();
            if (!trendKept)
            {
                model = FarringtonModel.Fit(data, false, options.Reweight, 1.0, false);
                if (model is null)
                {
                    return row with { ReferenceCount = data.Length };
                }
            }
        }

        var x0 = model.PredictionRow(data.PredictionTime, 1);
        var mu0 = Math.Exp(model.Glm.LinearPredictor(x0));
        var seFit = mu0 * Math.Sqrt(model.Phi * model.Glm.QuadraticForm(x0));
        var upper = Thresholds.Delta(mu0, seFit, model.Phi, z, options.PowerTransform);
        var enough = Limit54.Passes(y, k, options.Limit54Cases, options.Limit54Periods);
        return row with
        {
            UpperBound = enough ? Math.Max(0, upper) : 0,
            Alarm = enough && row.Observed > upper,
            Expected = mu0,
            Dispersion = model.Phi,
            TrendKept = trendKept,
            TrendPValue = trendP,
            PValue = Thresholds.DeltaPValue(row.Observed, mu0, seFit, model.Phi, options.PowerTransform),
            ReferenceCount = data.Length,
            Statistic = (row.Observed - mu0) / (upper - mu0),
        };
    }
}
