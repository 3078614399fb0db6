using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Numerics;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.BayesRki;

/// <summary>
/// R's <c>algo.bayes</c>: the threshold is the (1−α) quantile of the negative-binomial posterior
/// predictive, size Σref + ½, prob n/(n+1); the alarm is strict (y &gt; U).
/// </summary>
public sealed class BayesDetector(ReferenceWindowOptions options) : IOutbreakDetector
{
    public string Name => "bayes";

    public ReferenceWindowOptions Options => options;

    public int EarliestStart(CountSeries series) => options.EarliestStart(series.Frequency);

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        RangeGuard.Check(this, series, from, to, from - EarliestStart(series) + 1);
        var reference = new double[options.Count];
        var rows = new DetectionRow[to - from + 1];
        for (var t = from; t <= to; t++)
        {
            options.Fill(series.Counts, t, series.Frequency, reference);
            var sum = 0.0;
            foreach (var v in reference)
            {
                sum += v;
            }

            var n = reference.Length;
            var upper = RDistributions.QNBinom(1 - options.Alpha, sum + 0.5, n / (n + 1.0));
            var obs = series[t];
            rows[t - from] = new DetectionRow(t, series.DateAt(t), obs)
            {
                UpperBound = upper,
                Alarm = obs > upper,
                Expected = sum / n,
                ReferenceCount = n,
            };
        }

        return rows;
    }
}
