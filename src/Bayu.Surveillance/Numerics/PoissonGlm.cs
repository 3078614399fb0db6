namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Poisson log-link GLM with dense columns, fitted exactly as R's <c>glm.fit</c> iterates, because
/// the reference outputs depend on where that iteration stops: start at μ = y + 0.1, stop when the
/// relative deviance change is below 1e-8 (at most 25 iterations). Only the linear algebra differs
/// from R (normal equations instead of QR), which changes results by rounding. Used for the seasonal
/// baselines (intercept plus harmonics), which need the coefficients only.
/// </summary>
internal static class PoissonGlm
{
    private const double Epsilon = 1e-8;
    private const int MaxIterations = 25;
    private const double MachineEps = 2.220446049250313e-16;

    /// <param name="y">Counts.</param>
    /// <param name="columns">Design columns, each at least as long as <paramref name="y"/>.</param>
    /// <param name="converged">Whether the deviance criterion was met within the iteration limit.</param>
    /// <returns>The coefficients, one per column.</returns>
    public static double[] Fit(ReadOnlySpan<double> y, double[][] columns, out bool converged)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var n = y.Length;
        var p = columns.Length;
        var work = GlmWorkspace.For(n);
        var eta = work.Eta.AsSpan(0, n);
        var yLogY = work.YLogY.AsSpan(0, n);
        var mu = work.Mu.AsSpan(0, n);
        for (var i = 0; i < n; i++)
        {
            mu[i] = y[i] + 0.1;
            eta[i] = CountTables.LogPlusTenth(y[i]);
            yLogY[i] = CountTables.YLogY(y[i]);
        }

        var devOld = Deviance(y, yLogY, mu, eta);
        Span<double> a = stackalloc double[p * p];
        Span<double> b = stackalloc double[p];
        Span<double> l = stackalloc double[p * p];
        Span<double> x = stackalloc double[p];
        var coef = new double[p];
        converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            // Weighted least squares through the normal equations: the designs here are small and
            // well conditioned (intercept plus harmonics). With the log link the working weight is
            // μ and w·z = μ·η + (y − μ), so no division per row.
            a.Clear();
            b.Clear();
            for (var i = 0; i < n; i++)
            {
                var w = mu[i];
                var wz = (w * eta[i]) + (y[i] - w);
                for (var j = 0; j < p; j++)
                {
                    x[j] = columns[j][i];
                }

                for (var j = 0; j < p; j++)
                {
                    var wx = w * x[j];
                    b[j] += wz * x[j];
                    for (var k = j; k < p; k++)
                    {
                        a[(j * p) + k] += wx * x[k];
                    }
                }
            }

            for (var j = 0; j < p; j++)
            {
                for (var k = j + 1; k < p; k++)
                {
                    a[(k * p) + j] = a[(j * p) + k];
                }
            }

            Cholesky.Solve(a, b, p, coef, l);
            eta.Clear();
            for (var j = 0; j < p; j++)
            {
                var c = coef[j];
                var column = columns[j].AsSpan(0, n);
                for (var i = 0; i < n; i++)
                {
                    eta[i] += c * column[i];
                }
            }

            VectorMath.ExpFloor(eta, mu);
            var dev = Deviance(y, yLogY, mu, eta);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            devOld = dev;
        }

        return coef;
    }

    // Poisson deviance with y·log(y/μ) = y·log y − y·η, saving a log per row (η = log μ unless μ was floored).
    internal static double Deviance(ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> mu, ReadOnlySpan<double> eta)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] > 0)
            {
                var logMu = mu[i] > MachineEps ? eta[i] : Math.Log(mu[i]);
                d += yLogY[i] - (y[i] * logMu) - (y[i] - mu[i]);
            }
            else
            {
                d += mu[i];
            }
        }

        return 2 * d;
    }
}
