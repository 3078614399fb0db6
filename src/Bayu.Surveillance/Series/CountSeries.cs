namespace Bayu.Surveillance.Series;

/// <summary>Time unit of a count series.</summary>
public enum TimeUnit
{
    Day,
    IsoWeek,
}

/// <summary>
/// Counts per period for one (region, signal) pair. Index 0 is period t = 1. Every period between
/// the first and the last is present; a period without a report is marked missing explicitly
/// rather than silently left out or read as zero.
/// </summary>
public sealed class CountSeries
{
    private readonly double[] _counts;
    private readonly bool[] _missing;

    /// <param name="counts">Counts per period (ignored where <paramref name="missing"/> is true).</param>
    /// <param name="unit">Day or ISO week.</param>
    /// <param name="frequency">Periods per year: 365 for days, 52 for weeks (R's <c>freq</c>).</param>
    /// <param name="startEpochInYear">Epoch within the year of the first period (R's <c>start[2]</c>).</param>
    /// <param name="dates">Optional date of each period (the Monday of a week).</param>
    /// <param name="missing">Optional flags for periods with no data.</param>
    /// <param name="population">Optional population per period, for population offsets.</param>
    public CountSeries(
        IReadOnlyList<double> counts,
        TimeUnit unit,
        int frequency,
        int startEpochInYear = 1,
        IReadOnlyList<DateOnly>? dates = null,
        IReadOnlyList<bool>? missing = null,
        IReadOnlyList<double>? population = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        if (frequency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(frequency), "Frequency must be positive.");
        }

        if ((dates is not null && dates.Count != counts.Count)
            || (missing is not null && missing.Count != counts.Count)
            || (population is not null && population.Count != counts.Count))
        {
            throw new ArgumentException("Dates, missing flags and population must have one entry per count.");
        }

        _counts = [.. counts];
        _missing = missing is null ? new bool[counts.Count] : [.. missing];
        for (var i = 0; i < _counts.Length; i++)
        {
            if (!_missing[i] && (_counts[i] < 0 || double.IsNaN(_counts[i]) || double.IsInfinity(_counts[i])))
            {
                throw new ArgumentException($"Count at t={i + 1} must be a non-negative number.", nameof(counts));
            }
        }

        if (dates is not null)
        {
            for (var i = 1; i < dates.Count; i++)
            {
                if (dates[i] <= dates[i - 1])
                {
                    throw new ArgumentException($"Dates must be strictly increasing (t={i + 1}).", nameof(dates));
                }
            }
        }

        Unit = unit;
        Frequency = frequency;
        StartEpochInYear = startEpochInYear;
        Dates = dates is null ? null : [.. dates];
        Population = population is null ? null : [.. population];
    }

    public TimeUnit Unit { get; }

    public int Frequency { get; }

    public int StartEpochInYear { get; }

    public int Length => _counts.Length;

    public IReadOnlyList<DateOnly>? Dates { get; }

    public IReadOnlyList<double>? Population { get; }

    /// <summary>Count at 1-based time t.</summary>
    public double this[int t] => _counts[t - 1];

    public bool IsMissing(int t) => _missing[t - 1];

    /// <summary>Counts as a 0-based span (index t−1), for algorithms.</summary>
    public ReadOnlySpan<double> Counts => _counts;

    public DateOnly? DateAt(int t) => Dates?[t - 1];

    /// <summary>The first missing period within [from, to], if any.</summary>
    public int? FirstMissing(int from, int to)
    {
        for (var t = Math.Max(1, from); t <= Math.Min(Length, to); t++)
        {
            if (_missing[t - 1])
            {
                return t;
            }
        }

        return null;
    }
}
