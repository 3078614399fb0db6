namespace Bayu.Surveillance.Farrington;

internal static class Limit54
{
    /// <summary>At least <paramref name="cases"/> cases in periods k−periods+1..k (the current one included).</summary>
    public static bool Passes(ReadOnlySpan<double> y, int k, int cases, int periods)
    {
        var sum = 0.0;
        for (var t = Math.Max(1, k - periods + 1); t <= k; t++)
        {
            sum += y[t - 1];
        }

        return sum >= cases;
    }
}
