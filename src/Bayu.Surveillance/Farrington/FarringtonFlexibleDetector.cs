using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Farrington;

/// <summary>
/// R's <c>farringtonFlexible</c>: one-sided α, optional seasonal factor (noPeriods), population
/// offset, and the delta / nbPlugin / muan thresholds; NA bound and expected when limit54 fails.
/// </summary>
public sealed class FarringtonFlexibleDetector(FarringtonFlexibleOptions options) : IOutbreakDetector
{
    public string Name => "farringtonFlexible";

    public FarringtonFlexibleOptions Options => options;

    // Complete reference windows only (see FarringtonDetector); without a calendar Detect reports why.
    public int EarliestStart(CountSeries series) =>
        options.ReferenceWeeks == ReferenceWeeks.DateBased && ReferenceCalendar.TryFor(series) is { } calendar
            ? calendar.EarliestStart(options.B, options.W, true)
            : (series.Frequency * options.B) + options.W + 1;

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (options.B < 1 || options.W < 0 || options.NoPeriods < 1 || options.PastWeeksNotIncluded < 0)
        {
            throw new DetectionInputException("farringtonFlexible: b must be at least 1, w and pastWeeksNotIncluded at least 0, noPeriods at least 1.");
        }

        if (options.PopulationOffset && series.Population is null)
        {
            throw new DetectionInputException("farringtonFlexible: populationOffset needs a population column.");
        }

        var calendar = options.ReferenceWeeks == ReferenceWeeks.DateBased ? ReferenceCalendar.For(series, Name) : null;
        RangeGuard.Check(this, series, from, to, 1);
        var z = RDistributions.QNorm(1 - options.Alpha);
        var rows = new DetectionRow[to - from + 1];
        for (var k = from; k <= to; k++)
        {
            rows[k - from] = Evaluate(series, k, Data(series, calendar, k), z);
        }

        return rows;
    }

    // Index-based: wtime = t. Date epochs: R's wtime is days since the first fitted period over the
    // spacing of the first two dates, and the reference points come from the calendar.
    private ReferenceData Data(CountSeries series, ReferenceCalendar? calendar, int k)
    {
        var points = calendar is null
            ? ReferenceData.IndexReferencePoints(k, series.Frequency, options.B)
            : calendar.FlexibleReferencePoints(k, options.B, Name);
        return ReferenceData.Flexible(
            series.Counts,
            options.PopulationOffset ? series.Population : null,
            points,
            options.W,
            options.NoPeriods,
            options.PastWeeksNotIncluded ?? options.W,
            calendar is null ? null : calendar.TimeSince);
    }

    private DetectionRow Evaluate(CountSeries series, int k, ReferenceData data, double z)
    {
        var y = series.Counts;
        var row = new DetectionRow(k, series.DateAt(k), y[k - 1]);
        var offset = options.PopulationOffset ? Math.Log(series.Population![k - 1]) : 0;
        var model = FarringtonModel.Fit(data, options.Trend, options.Reweight, options.WeightsThreshold, true);
        if (model is null)
        {
            return row with { ReferenceCount = data.Length };
        }

        var trendP = double.NaN;
        var trendKept = false;
        if (model.Trend)
        {
            trendP = model.TrendPValue();
            var mu0Hat = Math.Exp(model.Glm.LinearPredictor(model.PredictionRow(data.PredictionTime, options.NoPeriods)) + offset);
            trendKept = trendP < options.PThresholdTrend && options.B >= 3 && mu0Hat <= data.MaxCount();
            if (!trendKept)
            {
                model = FarringtonModel.Fit(data, false, options.Reweight, options.WeightsThreshold, true);
                if (model is null)
                {
                    return row with { ReferenceCount = data.Length };
                }
            }
        }

        var x0 = model.PredictionRow(data.PredictionTime, options.NoPeriods);
        var eta0 = model.Glm.LinearPredictor(x0) + offset;
        var mu0 = Math.Exp(eta0);
        var seEta = Math.Sqrt(model.TestDispersion * model.Glm.QuadraticForm(x0));
        var phi = model.Phi;
        var upper = options.ThresholdMethod switch
        {
            ThresholdMethod.Delta => Thresholds.Delta(mu0, mu0 * seEta, phi, z, options.PowerTransform),
            ThresholdMethod.NbPlugin => Thresholds.NegativeBinomial(mu0, phi, options.Alpha),
            _ => Thresholds.NegativeBinomial(Math.Exp(eta0 + (z * seEta)), phi, options.Alpha),
        };
        var enough = Limit54.Passes(y, k, options.Limit54Cases, options.Limit54Periods);
        return row with
        {
            UpperBound = enough ? upper : double.NaN,
            Expected = enough ? mu0 : double.NaN,
            Alarm = enough && row.Observed > upper && row.Observed != 0,
            Dispersion = phi,
            TrendKept = trendKept,
            TrendPValue = trendP,
            PValue = Thresholds.NegativeBinomialPValue(row.Observed, mu0, phi),
            ReferenceCount = data.Length,
            Statistic = (row.Observed - mu0) / (upper - mu0),
        };
    }
}
