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
/// covariance from the last weighted least-squares solve (which used the penultimate μ).
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

        var devOld = Deviance(y, mu, prior);
        var a = new double[n * p];
        var z = new double[n];
        var w = new double[n];
        var coef = new double[p];
        var r = new double[p * p];
        var converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            for (var i = 0; i < n; i++)
            {
                var muEta = Math.Max(Math.Exp(eta[i]), MachineEps);
                var off = offset?[i] ?? 0;
                w[i] = prior[i] > 0 ? Math.Sqrt(prior[i] * muEta * muEta / mu[i]) : 0;
                z[i] = (eta[i] - off + ((y[i] - mu[i]) / muEta)) * w[i];
                for (var j = 0; j < p; j++)
                {
                    a[(j * n) + i] = x[(j * n) + i] * w[i];
                }
            }

            WeightedLeastSquares(a, z, n, p, coef, r);
            for (var i = 0; i < n; i++)
            {
                var e = offset?[i] ?? 0;
                for (var j = 0; j < p; j++)
                {
                    e += x[(j * n) + i] * coef[j];
                }

                eta[i] = e;
                mu[i] = Math.Max(Math.Exp(e), MachineEps);
            }

            var dev = Deviance(y, mu, prior);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            devOld = dev;
        }

        var rInv = InvertUpper(r, p);
        var cov = new double[p * p];
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < p; j++)
            {
                var s = 0.0;
                for (var k = Math.Max(i, j); k < p; k++)
                {
                    s += rInv[(i * p) + k] * rInv[(j * p) + k];
                }

                cov[(i * p) + j] = s;
            }
        }

        // h_i = ‖R⁻ᵀ a_i‖² where a_i is the weighted design row.
        var hat = new double[n];
        var nGood = 0;
        for (var i = 0; i < n; i++)
        {
            if (w[i] == 0)
            {
                continue;
            }

            nGood++;
            var h = 0.0;
            for (var k = 0; k < p; k++)
            {
                var s = 0.0;
                for (var j = 0; j <= k; j++)
                {
                    s += rInv[(j * p) + k] * x[(j * n) + i] * w[i];
                }

                h += s * s;
            }

            hat[i] = h;
        }

        var working = new double[n];
        for (var i = 0; i < n; i++)
        {
            working[i] = w[i] * w[i];
        }

        return new GlmFit
        {
            Coefficients = coef,
            Mu = mu,
            WorkingWeights = working,
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

    private static double Deviance(double[] y, double[] mu, double[] wt)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            d += y[i] > 0 ? wt[i] * ((y[i] * Math.Log(y[i] / mu[i])) - (y[i] - mu[i])) : mu[i] * wt[i];
        }

        return 2 * d;
    }

    // Householder QR of the column-major matrix a (destroyed), solving for coef and returning R (row-major, upper).
    private static void WeightedLeastSquares(double[] a, double[] b, int n, int p, double[] coef, double[] r)
    {
        for (var k = 0; k < p; k++)
        {
            var col = k * n;
            var ss = 0.0;
            for (var i = k; i < n; i++)
            {
                ss += a[col + i] * a[col + i];
            }

            var norm = Math.Sqrt(ss);

            if (norm == 0)
            {
                throw new InvalidOperationException("Design matrix is rank deficient.");
            }

            if (a[col + k] < 0)
            {
                norm = -norm;
            }

            for (var i = k; i < n; i++)
            {
                a[col + i] /= norm;
            }

            a[col + k] += 1;
            for (var j = k + 1; j < p; j++)
            {
                var cj = j * n;
                var s = 0.0;
                for (var i = k; i < n; i++)
                {
                    s += a[col + i] * a[cj + i];
                }

                s = -s / a[col + k];
                for (var i = k; i < n; i++)
                {
                    a[cj + i] += s * a[col + i];
                }
            }

            var sb = 0.0;
            for (var i = k; i < n; i++)
            {
                sb += a[col + i] * b[i];
            }

            sb = -sb / a[col + k];
            for (var i = k; i < n; i++)
            {
                b[i] += sb * a[col + i];
            }

            r[(k * p) + k] = -norm;
            for (var j = k + 1; j < p; j++)
            {
                r[(k * p) + j] = a[(j * n) + k];
            }

            for (var j = 0; j < k; j++)
            {
                r[(k * p) + j] = 0;
            }
        }

        for (var k = p - 1; k >= 0; k--)
        {
            var s = b[k];
            for (var j = k + 1; j < p; j++)
            {
                s -= r[(k * p) + j] * coef[j];
            }

            coef[k] = s / r[(k * p) + k];
        }
    }

    private static double[] InvertUpper(double[] r, int p)
    {
        var inv = new double[p * p];
        for (var j = 0; j < p; j++)
        {
            inv[(j * p) + j] = 1 / r[(j * p) + j];
            for (var i = j - 1; i >= 0; i--)
            {
                var s = 0.0;
                for (var k = i + 1; k <= j; k++)
                {
                    s += r[(i * p) + k] * inv[(k * p) + j];
                }

                inv[(i * p) + j] = -s / r[(i * p) + i];
            }
        }

        return inv;
    }
}
