using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Threshold;

/// <summary>
/// Fixed threshold (固定阈值法): a signal as soon as the count reaches the threshold, e.g. a single
/// case of plague, cholera or polio.
/// </summary>
public sealed class FixedThresholdDetector(double threshold) : IOutbreakDetector
{
    public string Name => "fixed";

    public double Threshold => threshold > 0 ? threshold : throw new DetectionInputException("fixed: threshold must be positive.");

    public int EarliestStart(CountSeries series) => 1;

    public IReadOnlyList<DetectionRow> Detect(CountSeries series, int from, int to)
    {
        ArgumentNullException.ThrowIfNull(series);
        var limit = Threshold;
        RangeGuard.Check(this, series, from, to, from);
        var rows = new DetectionRow[to - from + 1];
        for (var t = from; t <= to; t++)
        {
            rows[t - from] = new DetectionRow(t, series.DateAt(t), series[t])
            {
                UpperBound = limit,
                Alarm = series[t] >= limit,
            };
        }

        return rows;
    }
}
