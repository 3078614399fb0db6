using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.BayesRki;

/// <summary>
/// R's <c>algo.rki</c>: above a reference mean of 20, U = mean + 2·sd; below, a tabulated
/// Poisson limit indexed by floor(mean). The alarm is strict (y &gt; U).
/// </summary>
public sealed class RkiDetector(ReferenceWindowOptions options) : IOutbreakDetector
{
    // The package's CIdata[, "O"] column for floor(mean) = 0..20.
    private static readonly double[] s_table =
    [
        3.285, 5.323, 6.686, 8.102, 9.598, 11.177, 12.817, 13.765, 14.921, 16.768, 17.633,
        19.050, 20.335, 21.364, 22.945, 23.762, 25.400, 26.306, 27.735, 28.966, 30.017,
    ];

    public string Name => "rki";

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
            var mean = Moments.Mean(reference);
            var sd = Moments.SampleSd(reference, mean);
            var upper = mean > 20 ? mean + (2 * sd) : s_table[(int)Math.Floor(mean)];
            var obs = series[t];
            rows[t - from] = new DetectionRow(t, series.DateAt(t), obs)
            {
                UpperBound = upper,
                Alarm = obs > upper,
                Expected = mean,
                StandardDeviation = sd,
                ReferenceCount = reference.Length,
            };
        }

        return rows;
    }
}
