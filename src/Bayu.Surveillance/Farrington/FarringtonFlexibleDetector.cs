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

    public int EarliestStart(CountSeries series) => (series.Frequency * options.B) + options.W + 1;

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (options.B < 1 || options.W < 0 || options.NoPeriods < 1)
        {
            throw new DetectionInputException("farringtonFlexible: b must be at least 1, w at least 0, noPeriods at least 1.");
        }

        if (options.PopulationOffset && series.Population is null)
        {
            throw new DetectionInputException("farringtonFlexible: populationOffset needs a population column.");
        }

        RangeGuard.Check(this, series, from, to, 1);
        var z = RDistributions.QNorm(1 - options.Alpha);
        var rows = new DetectionRow[to - from + 1];
        for (var k = from; k <= to; k++)
        {
            rows[k - from] = Evaluate(series, k, z);
        }

        return rows;
    }

    private DetectionRow Evaluate(CountSeries series, int k, double z)
    {
        var y = series.Counts;
        var row = new DetectionRow(k, series.DateAt(k), y[k - 1]);
        var population = options.PopulationOffset ? series.Population : null;
        var data = ReferenceData.Build(y, population, k, series.Frequency, options.B, options.W, options.NoPeriods, options.PastWeeksNotIncluded ?? options.W);
        var offset = population is null ? 0 : Math.Log(population[k - 1]);
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
            var mu0Hat = Math.Exp(model.Glm.LinearPredictor(model.PredictionRow(k, options.NoPeriods)) + offset);
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

        var x0 = model.PredictionRow(k, options.NoPeriods);
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
