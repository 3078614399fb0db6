namespace Bayu.Surveillance.Detection;

/// <summary>
/// One evaluated time point. NaN (and null for flags) stands for R's NA: the algorithm gives no
/// value there, which is different from zero.
/// </summary>
public sealed record DetectionRow(int T, DateOnly? Date, double Observed)
{
    /// <summary>Threshold: the alarm fires when the observation exceeds it (see each algorithm).</summary>
    public double UpperBound { get; init; } = double.NaN;

    public bool? Alarm { get; init; }

    /// <summary>Expected count under the baseline model.</summary>
    public double Expected { get; init; } = double.NaN;

    /// <summary>Over-dispersion φ used for the threshold (Farrington family).</summary>
    public double Dispersion { get; init; } = double.NaN;

    /// <summary>Whether the time trend was kept (Farrington family).</summary>
    public bool? TrendKept { get; init; }

    /// <summary>Upper-tail p-value of the observation under the baseline's predictive distribution.</summary>
    public double PValue { get; init; } = double.NaN;

    /// <summary>p-value of the trend t-test (Farrington family).</summary>
    public double TrendPValue { get; init; } = double.NaN;

    /// <summary>Number of reference values the baseline used.</summary>
    public int? ReferenceCount { get; init; }

    /// <summary>Chart statistic (CUSUM S_t, GLR value, EARS C value, Farrington exceedance score, moving count).</summary>
    public double Statistic { get; init; } = double.NaN;

    /// <summary>Standard deviation of the baseline, where one is used.</summary>
    public double StandardDeviation { get; init; } = double.NaN;
}
