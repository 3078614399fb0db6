namespace Bayu.Surveillance.Detection;

internal static class Moments
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum / values.Length;
    }

    /// <summary>Sample standard deviation (divides by n−1), as R's <c>sd</c>.</summary>
    public static double SampleSd(ReadOnlySpan<double> values, double mean)
    {
        var ss = 0.0;
        foreach (var v in values)
        {
            var d = v - mean;
            ss += d * d;
        }

        return Math.Sqrt(ss / (values.Length - 1));
    }
}
