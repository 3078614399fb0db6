namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Poisson log-link GLM log μ = c0 + c1·x1 + c2·x2 (intercept and one harmonic), fitted exactly as
/// R's <c>glm.fit</c> iterates, because the reference outputs depend on where that iteration stops:
/// start at μ = y + 0.1, stop when the relative deviance change is below 1e-8 (at most 25
/// iterations). Only the linear algebra differs from R (normal equations instead of QR), which
/// changes results by rounding. Used for the seasonal baselines, which need the coefficients only.
/// </summary>
internal static class PoissonGlm
{
    private const double Epsilon = 1e-8;
    private const int MaxIterations = 25;
    private const double MachineEps = 2.220446049250313e-16;

    /// <param name="y">Counts.</param>
    /// <param name="x1">First covariate, at least as long as <paramref name="y"/>.</param>
    /// <param name="x2">Second covariate, at least as long as <paramref name="y"/>.</param>
    /// <param name="converged">Whether the deviance criterion was met within the iteration limit.</param>
    /// <returns>The coefficients (intercept, x1, x2).</returns>
    public static double[] Fit(ReadOnlySpan<double> y, double[] x1, double[] x2, out bool converged)
    {
        var n = y.Length;
        var c1 = x1.AsSpan(0, n);
        var c2 = x2.AsSpan(0, n);
        var work = GlmWorkspace.For(n);
        var eta = work.Eta.AsSpan(0, n);
        var mu = work.Mu.AsSpan(0, n);
        var yLogY = work.YLogY.AsSpan(0, n);
        // Start as glm.fit (μ = y + 0.1, η = log μ) and take the first normal equations from it.
        Span<double> sums = stackalloc double[9];
        var devOld = 0.0;
        for (var i = 0; i < n; i++)
        {
            var m = y[i] + 0.1;
            var e = CountTables.LogPlusTenth(y[i]);
            yLogY[i] = CountTables.YLogY(y[i]);
            devOld += UnitDeviance(y[i], yLogY[i], m, e);
            var wz = (m * e) + (y[i] - m);
            sums[0] += m;
            sums[1] += m * c1[i];
            sums[2] += m * c2[i];
            sums[3] += m * c1[i] * c1[i];
            sums[4] += m * c1[i] * c2[i];
            sums[5] += m * c2[i] * c2[i];
            sums[6] += wz;
            sums[7] += wz * c1[i];
            sums[8] += wz * c2[i];
        }

        devOld *= 2;
        Span<double> a = stackalloc double[9];
        Span<double> l = stackalloc double[9];
        var coef = new double[3];
        converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            // Weighted least squares through the normal equations: the design is small and well
            // conditioned, and the sums come from the previous pass over the rows.
            a[0] = sums[0];
            a[1] = a[3] = sums[1];
            a[2] = a[6] = sums[2];
            a[4] = sums[3];
            a[5] = a[7] = sums[4];
            a[8] = sums[5];
            Cholesky.Solve(a, sums[6..], 3, coef, l);
            sums.Clear();
            var dev = 2 * IrlsKernels.Harmonic(y, yLogY, c1, c2, coef[0], coef[1], coef[2], eta, mu, sums);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            devOld = dev;
        }

        return coef;
    }

    internal static double Deviance(ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> mu, ReadOnlySpan<double> eta)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            d += UnitDeviance(y[i], yLogY[i], mu[i], eta[i]);
        }

        return 2 * d;
    }

    /// <summary>
    /// Half the Poisson unit deviance, y·log(y/μ) − (y − μ), with y·log(y/μ) = y·log y − y·η; for
    /// y = 0 this is μ, the same value R's branch gives, so the common case needs no branch (rows
    /// with y = 0 and y &gt; 0 are mixed and would defeat branch prediction). Where μ was floored
    /// at ε, log μ ≠ η and the log is taken.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double UnitDeviance(double y, double yLogY, double mu, double eta)
    {
        var logMu = mu > MachineEps ? eta : Math.Log(mu);
        return yLogY - (y * logMu) - (y - mu);
    }
}
