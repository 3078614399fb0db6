using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Detection;

internal static class RangeGuard
{
    /// <summary>Rejects ranges outside the series, before the earliest start, or over missing periods.</summary>
    public static void Check(IOutbreakDetector detector, CountSeries series, int from, int to, int historyFrom = 1)
    {
        var earliestStart = detector.EarliestStart(series);
        if (earliestStart > series.Length)
        {
            throw new DetectionInputException(
                $"{detector.Name}: history too short for the requested baseline; it needs at least {earliestStart} periods, the series has {series.Length}.");
        }

        if (from > to)
        {
            throw new DetectionInputException($"Range {from}:{to} is empty.");
        }

        if (from < 1 || to > series.Length)
        {
            throw new DetectionInputException($"Range {from}:{to} is outside the series (1:{series.Length}).");
        }

        var earliest = earliestStart;
        if (from < earliest)
        {
            throw new DetectionInputException(
                $"{detector.Name}: history too short for the requested baseline; the first time point that can be evaluated is t={earliest}, not t={from}.");
        }

        if (series.FirstMissing(historyFrom, to) is { } gap)
        {
            throw new DetectionInputException(
                $"{detector.Name}: period t={gap} is missing; the algorithms need complete counts over the baseline and range.");
        }
    }
}
