using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Farrington;

/// <summary>
/// The date arithmetic of R's Date-epoch reference weeks for one series: years back by
/// <c>seq.Date(by = "-1 year")</c>, the weekday correction for weekly data, and date → t lookup.
/// </summary>
internal sealed class ReferenceCalendar
{
    private readonly int[] _days;

    private ReferenceCalendar(int[] days, bool weekly)
    {
        _days = days;
        Weekly = weekly;
    }

    /// <summary>Weekly data (freq 52): reference dates move to t0's weekday and windows step in weeks.</summary>
    public bool Weekly { get; }

    /// <summary>Days between a window's neighbours (R's <c>epochStr</c> "week" or "day").</summary>
    public int Step => Weekly ? 7 : 1;

    /// <exception cref="DetectionInputException">No dates, or a frequency R has no date rule for.</exception>
    public static ReferenceCalendar For(CountSeries series, string algorithm)
    {
        if (series.Dates is not { } dates)
        {
            throw new DetectionInputException($"{algorithm}: date-based reference weeks need a date for every period.");
        }

        // R maps freq to "week"/"day" (and "month", which Bayu does not read); any other freq has no rule.
        if (series.Frequency is not (52 or 365))
        {
            throw new DetectionInputException($"{algorithm}: date-based reference weeks are defined for freq 52 or 365, not {series.Frequency}.");
        }

        if (dates.Count < 2)
        {
            throw new DetectionInputException($"{algorithm}: date-based reference weeks need at least two periods.");
        }

        return TryFor(series)!;
    }

    /// <summary>The calendar when the series has one R would use (dates, freq 52 or 365), else null.</summary>
    public static ReferenceCalendar? TryFor(CountSeries series) =>
        series is { Dates.Count: >= 2, Frequency: 52 or 365 }
            ? new ReferenceCalendar([.. series.Dates.Select(d => d.DayNumber)], series.Frequency == 52)
            : null;

    /// <summary>
    /// <c>seq(date, by = "-1 year")</c>: the year field goes back and the date is normalised as
    /// <c>mktime</c> does, so 29 February in a common year becomes 1 March.
    /// </summary>
    public static DateOnly YearsBack(DateOnly date, int years)
    {
        var year = date.Year - years;
        return date is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 3, 1)
            : new DateOnly(year, date.Month, date.Day);
    }

    /// <summary>The nearest day with the given weekday (a shift of −3..+3 days; no ties, 7 is odd).</summary>
    public static DateOnly NearestWeekday(DateOnly date, DayOfWeek weekday)
    {
        var forward = ((int)weekday - (int)date.DayOfWeek + 7) % 7;
        var backward = ((int)date.DayOfWeek - (int)weekday + 7) % 7;
        return date.AddDays(forward < backward ? forward : -backward);
    }

    public DateOnly DateAt(int t) => DateOnly.FromDayNumber(_days[t - 1]);

    /// <summary>
    /// <c>algo.farrington</c>'s reference periods (<c>refvalIdxByDate</c>): for i = b..1 the window
    /// t0 − i years ± w steps, each day moved to t0's weekday for weekly data, as 1-based t.
    /// </summary>
    /// <exception cref="DetectionInputException">A reference date is not a period of the series.</exception>
    public int[] FarringtonWindows(int k, int b, int w, string algorithm)
    {
        var t0 = DateAt(k);
        var indices = new int[b * ((2 * w) + 1)];
        var row = 0;
        for (var i = b; i >= 1; i--)
        {
            var centre = YearsBack(t0, i);
            for (var m = -w; m <= w; m++)
            {
                indices[row++] = Require(OnGrid(centre.AddDays(m * Step), t0), k, algorithm);
            }
        }

        return indices;
    }

    /// <summary>
    /// <c>algo.farrington.referencetimepoints</c> for farringtonFlexible: t0 and t0 − i years
    /// (i = 1..b), moved to t0's weekday for weekly data, as 1-based t (element 0 is k).
    /// </summary>
    /// <exception cref="DetectionInputException">A reference date is not a period of the series.</exception>
    public int[] FlexibleReferencePoints(int k, int b, string algorithm)
    {
        var t0 = DateAt(k);
        var points = new int[b + 1];
        points[0] = k;
        for (var i = 1; i <= b; i++)
        {
            points[i] = Require(OnGrid(YearsBack(t0, i), t0), k, algorithm);
        }

        return points;
    }

    /// <summary>
    /// First t whose reference data lie inside the series: all farrington windows on or after the
    /// first date, or (flexible) at least w periods before the oldest reference point. Both dates
    /// never decrease with t, so the first such t is found by bisection.
    /// </summary>
    public int EarliestStart(int b, int w, bool flexible)
    {
        bool Covered(int k)
        {
            var t0 = DateAt(k);
            var oldest = OnGrid(YearsBack(t0, b), t0);
            return flexible
                ? w < _days.Length && oldest.DayNumber >= _days[w]
                : OnGrid(oldest.AddDays(-w * Step), t0).DayNumber >= _days[0];
        }

        var (low, high) = (1, _days.Length + 1);
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (Covered(mid))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    /// <summary>
    /// farringtonFlexible's trend covariate for Date epochs: days since the first fitted period
    /// divided by the spacing of the series' first two dates.
    /// </summary>
    public double TimeSince(int t, int origin) => (double)(_days[t - 1] - _days[origin - 1]) / (_days[1] - _days[0]);

    private DateOnly OnGrid(DateOnly date, DateOnly t0) => Weekly ? NearestWeekday(date, t0.DayOfWeek) : date;

    private int Require(DateOnly date, int k, string algorithm)
    {
        var position = Array.BinarySearch(_days, date.DayNumber);
        return position >= 0
            ? position + 1
            : throw new DetectionInputException(
                $"{algorithm}: reference date {date:yyyy-MM-dd} for t={k} ({DateAt(k):yyyy-MM-dd}) is not a period of the series.");
    }
}
