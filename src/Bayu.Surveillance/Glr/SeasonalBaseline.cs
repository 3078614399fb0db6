using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Glr;

/// <summary>
/// Poisson GLM log μ_t = a + b·cos(2πt/freq) + c·sin(2πt/freq) fitted on the history before the
/// range, predicted over the range: the in-control mean of R's cusum (<c>m = "glm"</c>) and GLR.
/// </summary>
internal static class SeasonalBaseline
{
    /// <param name="history">Counts t = 1..from−1.</param>
    /// <param name="frequency">Periods per year.</param>
    /// <param name="timeShift">Added to the index t before taking the harmonics.</param>
    /// <param name="from">First predicted index.</param>
    /// <param name="to">Last predicted index.</param>
    public static double[] Predict(ReadOnlySpan<double> history, int frequency, int timeShift, int from, int to)
    {
        var n = history.Length;
        var x = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            var angle = 2 * Math.PI * (i + 1 + timeShift) / frequency;
            x[i] = 1;
            x[n + i] = Math.Cos(angle);
            x[(2 * n) + i] = Math.Sin(angle);
        }

        var fit = PoissonGlm.Fit(x, 3, history.ToArray());
        var mu = new double[to - from + 1];
        var beta = fit.Coefficients;
        for (var t = from; t <= to; t++)
        {
            var angle = 2 * Math.PI * (t + timeShift) / frequency;
            mu[t - from] = Math.Exp(beta[0] + (beta[1] * Math.Cos(angle)) + (beta[2] * Math.Sin(angle)));
        }

        return mu;
    }
}
