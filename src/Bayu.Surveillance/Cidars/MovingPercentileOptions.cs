namespace Bayu.Surveillance.Cidars;

/// <summary>Parameters of the CIDARS moving percentile method (移动百分位数法); see ADR 0600.</summary>
public sealed record MovingPercentileOptions
{
    /// <summary>Periods summed into one observation (7 days in CIDARS).</summary>
    public int WindowLength { get; init; } = 7;

    /// <summary>Windows taken before and after the same-date window of each past year (2 → 5 windows).</summary>
    public int Neighbours { get; init; } = 2;

    /// <summary>Past years in the baseline.</summary>
    public int Years { get; init; } = 3;

    /// <summary>Fewest complete past years needed for a threshold; with fewer, no signal is computed.</summary>
    public int MinYears { get; init; } = 1;

    /// <summary>Percentile of the baseline windows used as the threshold (0–100, R type 7).</summary>
    public double Percentile { get; init; } = 50;

    /// <summary>A signal also needs at least this many cases in the current window.</summary>
    public double MinCases { get; init; } = 1;
}
