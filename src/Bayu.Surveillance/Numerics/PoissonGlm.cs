namespace Bayu.Surveillance.Numerics;

/// <summary>Result of <see cref="PoissonGlm.Fit"/>, laid out like R's <c>glm</c> object.</summary>
internal sealed class GlmFit
{
    public required double[] Coefficients { get; init; }

    /// <summary>Fitted means from the final coefficients.</summary>
    public required double[] Mu { get; init; }

    /// <summary>Working weights of the last WLS solve (R's <c>model$weights</c>).</summary>
    public required double[] WorkingWeights { get; init; }

    /// <summary>Hat values of the last WLS solve (R's <c>hatvalues(model)</c>).</summary>
    public required double[] Hat { get; init; }

    /// <summary>(XᵀWX)⁻¹ of the last WLS solve, row-major p×p (R's <c>cov.unscaled</c>).</summary>
    public required double[] CovUnscaled { get; init; }

    public required bool Converged { get; init; }

    public required int ResidualDf { get; init; }

    /// <summary>Σ w (y−μ)²/μ'² over observations with positive weight, divided by the residual df.</summary>
    public double Dispersion(double[] y, double[] weights)
    {
        var sum = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (weights[i] > 0)
            {
                var r = (y[i] - Mu[i]) / Mu[i];
                sum += weights[i] * r * r;
            }
        }

        return sum / ResidualDf;
    }

    /// <summary>x0ᵀ (XᵀWX)⁻¹ x0.</summary>
    public double QuadraticForm(ReadOnlySpan<double> x0)
    {
        var p = Coefficients.Length;
        var total = 0.0;
        for (var a = 0; a < p; a++)
        {
            var row = 0.0;
            for (var b = 0; b < p; b++)
            {
                row += CovUnscaled[(a * p) + b] * x0[b];
            }

            total += x0[a] * row;
        }

        return total;
    }

    public double LinearPredictor(ReadOnlySpan<double> x0)
    {
        var eta = 0.0;
        for (var j = 0; j < Coefficients.Length; j++)
        {
            eta += Coefficients[j] * x0[j];
        }

        return eta;
    }
}

/// <summary>
/// Poisson / quasi-Poisson log-link GLM fitted exactly as R's <c>glm.fit</c> iterates, because the
/// reference outputs depend on where that iteration stops: start at μ = y + 0.1, stop when the
/// relative deviance change is below 1e-8 (at most 25 iterations), and take weights, hat values and
/// covariance from the last weighted least-squares solve (which used the penultimate μ). Only the
/// linear algebra differs from R (normal equations instead of QR), which changes results by rounding.
/// </summary>
internal static class PoissonGlm
{
    private const double Epsilon = 1e-8;
    private const int MaxIterations = 25;
    private const double MachineEps = 2.220446049250313e-16;

    /// <param name="x">Design matrix, column-major n×p.</param>
    /// <param name="p">Number of columns.</param>
    /// <param name="y">Counts.</param>
    /// <param name="priorWeights">Prior weights or null for ones.</param>
    /// <param name="offset">Offset on the link scale or null.</param>
    public static GlmFit Fit(double[] x, int p, double[] y, double[]? priorWeights = null, double[]? offset = null)
    {
        var n = y.Length;
        var prior = priorWeights ?? Ones(n);
        var eta = new double[n];
        var mu = new double[n];
        for (var i = 0; i < n; i++)
        {
            mu[i] = y[i] + 0.1;
            eta[i] = Math.Log(mu[i]);
        }

        var yLogY = new double[n];
        for (var i = 0; i < n; i++)
        {
            yLogY[i] = y[i] > 0 ? y[i] * Math.Log(y[i]) : 0;
        }

        var devOld = Deviance(y, yLogY, mu, eta, prior);
        var w = new double[n];
        var a = new double[p * p];
        var b = new double[p];
        var coef = new double[p];
        var row = new double[p];
        var converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            // Weighted least squares through the normal equations: the designs here are small and
            // well conditioned (intercept plus harmonics), and this is several times faster than QR.
            Array.Clear(a);
            Array.Clear(b);
            for (var i = 0; i < n; i++)
            {
                // For the log link μ'(η) = max(e^η, ε) = μ, so the working weight is prior·μ.
                w[i] = prior[i] > 0 ? prior[i] * mu[i] : 0;
                if (w[i] == 0)
                {
                    continue;
                }

                var z = eta[i] - (offset?[i] ?? 0) + ((y[i] - mu[i]) / mu[i]);
                for (var j = 0; j < p; j++)
                {
                    row[j] = x[(j * n) + i];
                }

                for (var j = 0; j < p; j++)
                {
                    var wx = w[i] * row[j];
                    b[j] += wx * z;
                    for (var k = j; k < p; k++)
                    {
                        a[(j * p) + k] += wx * row[k];
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

            Cholesky.Solve(a, b, p, coef);
            for (var i = 0; i < n; i++)
            {
                var e = offset?[i] ?? 0;
                for (var j = 0; j < p; j++)
                {
                    e += x[(j * n) + i] * coef[j];
                }

                eta[i] = e;
            }

            VectorMath.ExpFloor(eta, mu);

            var dev = Deviance(y, yLogY, mu, eta, prior);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            devOld = dev;
        }

        var cov = Cholesky.Inverse(a, p);
        var hat = new double[n];
        var nGood = 0;
        for (var i = 0; i < n; i++)
        {
            if (w[i] == 0)
            {
                continue;
            }

            nGood++;
            var q = 0.0;
            for (var j = 0; j < p; j++)
            {
                var s = 0.0;
                for (var k = 0; k < p; k++)
                {
                    s += cov[(j * p) + k] * x[(k * n) + i];
                }

                q += x[(j * n) + i] * s;
            }

            hat[i] = w[i] * q;
        }

        return new GlmFit
        {
            Coefficients = coef,
            Mu = mu,
            WorkingWeights = w,
            Hat = hat,
            CovUnscaled = cov,
            Converged = converged,
            ResidualDf = nGood - p,
        };
    }

    private static double[] Ones(int n)
    {
        var o = new double[n];
        Array.Fill(o, 1.0);
        return o;
    }

    // Poisson deviance with y·log(y/μ) = y·log y − y·η, saving a log per row (η = log μ unless μ was floored).
    private static double Deviance(double[] y, double[] yLogY, double[] mu, double[] eta, double[] wt)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] > 0)
            {
                var logMu = mu[i] > MachineEps ? eta[i] : Math.Log(mu[i]);
                d += wt[i] * (yLogY[i] - (y[i] * logMu) - (y[i] - mu[i]));
            }
            else
            {
                d += mu[i] * wt[i];
            }
        }

        return 2 * d;
    }
}
