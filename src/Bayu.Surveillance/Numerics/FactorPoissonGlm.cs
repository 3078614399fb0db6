namespace Bayu.Surveillance.Numerics;

/// <summary>
/// The same IRLS as <see cref="PoissonGlm"/> for the Farrington designs: intercept, optional time
/// trend and one treatment-coded factor. Each design row has at most three non-zero entries, so
/// XᵀWX is accumulated in O(n) and solved by Cholesky instead of a dense O(n·p²) QR: this is what
/// makes farringtonFlexible with ten periods on daily data fast. The trend column is centred
/// internally (slope, its variance and all predictions are unchanged) to keep XᵀWX well conditioned.
/// </summary>
internal static class FactorPoissonGlm
{
    private const double Epsilon = 1e-8;
    private const int MaxIterations = 25;
    private const double MachineEps = 2.220446049250313e-16;

    /// <param name="time">Trend covariate, already centred, or null for no trend.</param>
    /// <param name="level">Factor level per row: 0 is the baseline, 1..<paramref name="dummies"/> have a column.</param>
    /// <param name="dummies">Number of dummy columns.</param>
    /// <param name="y">Counts.</param>
    /// <param name="priorWeights">Prior weights or null for ones.</param>
    /// <param name="offset">Offset on the link scale or null.</param>
    public static GlmFit Fit(double[]? time, int[] level, int dummies, double[] y, double[]? priorWeights, double[]? offset)
    {
        var n = y.Length;
        var trendColumn = time is null ? 0 : 1;
        var p = 1 + trendColumn + dummies;
        var first = 1 + trendColumn;
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

        var devOld = Deviance(y, yLogY, mu, eta, priorWeights);
        var v = new double[n];
        var a = new double[p * p];
        var b = new double[p];
        var coef = new double[p];
        var converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            Array.Clear(a);
            Array.Clear(b);
            for (var i = 0; i < n; i++)
            {
                var prior = priorWeights?[i] ?? 1;
                // For the log link μ'(η) = max(e^η, ε) = μ, so the working weight is prior·μ.
                var muEta = mu[i];
                var wi = prior > 0 ? prior * muEta : 0;
                v[i] = wi;
                if (wi == 0)
                {
                    continue;
                }

                var z = eta[i] - (offset?[i] ?? 0) + ((y[i] - mu[i]) / muEta);
                a[0] += wi;
                b[0] += wi * z;
                var t = time?[i] ?? 0;
                if (trendColumn == 1)
                {
                    a[1] += wi * t;
                    a[p + 1] += wi * t * t;
                    b[1] += wi * t * z;
                }

                if (level[i] > 0)
                {
                    var d = first + level[i] - 1;
                    a[d] += wi;
                    a[(d * p) + d] += wi;
                    b[d] += wi * z;
                    if (trendColumn == 1)
                    {
                        a[p + d] += wi * t;
                    }
                }
            }

            Symmetrize(a, p);
            Cholesky.Solve(a, b, p, coef);
            for (var i = 0; i < n; i++)
            {
                var e = (offset?[i] ?? 0) + coef[0];
                if (trendColumn == 1)
                {
                    e += coef[1] * time![i];
                }

                if (level[i] > 0)
                {
                    e += coef[first + level[i] - 1];
                }

                eta[i] = e;
            }

            VectorMath.ExpFloor(eta, mu);

            var dev = Deviance(y, yLogY, mu, eta, priorWeights);
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
            if (v[i] == 0)
            {
                continue;
            }

            nGood++;
            var t = time?[i] ?? 0;
            var q = cov[0];
            if (trendColumn == 1)
            {
                q += (2 * t * cov[1]) + (t * t * cov[p + 1]);
            }

            if (level[i] > 0)
            {
                var d = first + level[i] - 1;
                q += (2 * cov[d]) + cov[(d * p) + d];
                if (trendColumn == 1)
                {
                    q += 2 * t * cov[p + d];
                }
            }

            hat[i] = v[i] * q;
        }

        return new GlmFit
        {
            Coefficients = coef,
            Mu = mu,
            WorkingWeights = v,
            Hat = hat,
            CovUnscaled = cov,
            Converged = converged,
            ResidualDf = nGood - p,
        };
    }

    private static void Symmetrize(double[] a, int p)
    {
        for (var i = 0; i < p; i++)
        {
            for (var j = i + 1; j < p; j++)
            {
                a[(j * p) + i] = a[(i * p) + j];
            }
        }
    }

    // Poisson deviance; y·log(y/μ) is taken as y·log y − y·η, saving a log per row, except where
    // μ was floored at ε and log μ ≠ η.
    private static double Deviance(double[] y, double[] yLogY, double[] mu, double[] eta, double[]? wt)
    {
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            var w = wt?[i] ?? 1;
            if (y[i] > 0)
            {
                var logMu = mu[i] > MachineEps ? eta[i] : Math.Log(mu[i]);
                d += w * (yLogY[i] - (y[i] * logMu) - (y[i] - mu[i]));
            }
            else
            {
                d += mu[i] * w;
            }
        }

        return 2 * d;
    }
}

/// <summary>Small dense symmetric positive-definite solves (p ≤ a dozen).</summary>
internal static class Cholesky
{
    public static void Solve(double[] a, double[] b, int p, double[] x) => SolveFactored(Factor(a, p), b, p, x);

    public static double[] Inverse(double[] a, int p)
    {
        var l = Factor(a, p);
        var inv = new double[p * p];
        var e = new double[p];
        var col = new double[p];
        for (var j = 0; j < p; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            SolveFactored(l, e, p, col);
            for (var i = 0; i < p; i++)
            {
                inv[(i * p) + j] = col[i];
            }
        }

        return inv;
    }

    private static void SolveFactored(double[] l, double[] b, int p, double[] x)
    {
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= l[(i * p) + k] * x[k];
            }

            x[i] = s / l[(i * p) + i];
        }

        for (var i = p - 1; i >= 0; i--)
        {
            var s = x[i];
            for (var k = i + 1; k < p; k++)
            {
                s -= l[(k * p) + i] * x[k];
            }

            x[i] = s / l[(i * p) + i];
        }
    }

    private static double[] Factor(double[] a, int p)
    {
        var l = new double[p * p];
        for (var j = 0; j < p; j++)
        {
            var s = a[(j * p) + j];
            for (var k = 0; k < j; k++)
            {
                s -= l[(j * p) + k] * l[(j * p) + k];
            }

            if (s <= 0)
            {
                throw new InvalidOperationException("Design matrix is rank deficient.");
            }

            var d = Math.Sqrt(s);
            l[(j * p) + j] = d;
            for (var i = j + 1; i < p; i++)
            {
                var t = a[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    t -= l[(i * p) + k] * l[(j * p) + k];
                }

                l[(i * p) + j] = t / d;
            }
        }

        return l;
    }
}
