using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Bayu.Surveillance.Numerics;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Glr;

/// <summary>
/// Poisson GLM log μ_t = a + b·cos(2πt/freq) + c·sin(2πt/freq) fitted on the history before the
/// range, predicted over the range: the in-control mean of R's cusum (<c>m = "glm"</c>) and GLR.
/// </summary>
internal static class SeasonalBaseline
{
    // The fit depends only on the series and the history length, not on the detector asking: a
    // region run that evaluates several GLR/cusum configurations on one series fits it once.
    // CountSeries is immutable, so its identity is a safe key; entries die with the series.
    private static readonly ConditionalWeakTable<CountSeries, Fitted> s_fits = [];

    // cos/sin covariates per (frequency, shift), shared by every series of that frequency and grown to
    // the longest history seen; each entry is computed with the same expression as before.
    private static readonly ConcurrentDictionary<(int Frequency, int Shift), double[][]> s_columns = new();

    /// <param name="series">The series; its counts t = 1..from−1 are the history.</param>
    /// <param name="timeShift">Added to the index t before taking the harmonics.</param>
    /// <param name="from">First predicted index.</param>
    /// <param name="to">Last predicted index.</param>
    public static double[] Predict(CountSeries series, int timeShift, int from, int to)
    {
        var frequency = series.Frequency;
        var history = from - 1;
        var beta = s_fits.TryGetValue(series, out var cached) && cached.Matches(history, timeShift)
            ? cached.Coefficients
            : Fit(series, history, timeShift);
        var mu = new double[to - from + 1];
        for (var t = from; t <= to; t++)
        {
            var angle = 2 * Math.PI * (t + timeShift) / frequency;
            mu[t - from] = Math.Exp(beta[0] + (beta[1] * Math.Cos(angle)) + (beta[2] * Math.Sin(angle)));
        }

        return mu;
    }

    /// <summary>Forgets cached fits, so a benchmark can time cold runs one after another.</summary>
    internal static void ClearCache() => s_fits.Clear();

    private static double[] Fit(CountSeries series, int history, int timeShift)
    {
        var columns = Columns(series.Frequency, timeShift, history);
        var beta = PoissonGlm.Fit(series.Counts[..history], columns[0], columns[1], out _);
        s_fits.AddOrUpdate(series, new Fitted(history, timeShift, beta));
        return beta;
    }

    private static double[][] Columns(int frequency, int timeShift, int n)
    {
        var key = (frequency, timeShift);
        if (s_columns.TryGetValue(key, out var columns) && columns[0].Length >= n)
        {
            return columns;
        }

        var size = Math.Max(n, columns?[0].Length * 2 ?? 0);
        var cos = new double[size];
        var sin = new double[size];
        for (var i = 0; i < size; i++)
        {
            var angle = 2 * Math.PI * (i + 1 + timeShift) / frequency;
            cos[i] = Math.Cos(angle);
            sin[i] = Math.Sin(angle);
        }

        columns = [cos, sin];
        s_columns[key] = columns;
        return columns;
    }

    private sealed record Fitted(int History, int TimeShift, double[] Coefficients)
    {
        public bool Matches(int history, int timeShift) => History == history && TimeShift == timeShift;
    }
}
