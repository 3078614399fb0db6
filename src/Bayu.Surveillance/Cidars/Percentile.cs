namespace Bayu.Surveillance.Cidars;

/// <summary>Sample percentiles.</summary>
public static class Percentile
{
    /// <summary>
    /// R's default <c>quantile(type = 7)</c>, the same as Excel's PERCENTILE / PERCENTILE.INC:
    /// linear interpolation between order statistics at h = (n − 1)·p.
    /// </summary>
    /// <param name="values">Values, in any order (not modified).</param>
    /// <param name="percent">Percentile in [0, 100].</param>
    public static double Type7(ReadOnlySpan<double> values, double percent)
    {
        if (values.IsEmpty)
        {
            return double.NaN;
        }

        if (percent is < 0 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percent), "Percentile must be within 0..100.");
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var h = (sorted.Length - 1) * percent / 100;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((h - lower) * (sorted[upper] - sorted[lower]));
    }
}
