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
        var work = GlmWorkspace.For(n);
        var eta = work.Eta.AsSpan(0, n);
        var yLogY = work.YLogY.AsSpan(0, n);
        // Without a trend the covariate is zero, so one loop serves both designs.
        var t = time ?? work.Time;
        if (time is null)
        {
            Array.Clear(work.Time, 0, n);
        }

        // Reference data come in blocks of one level (a window, then the blocks of each gap), so
        // sums are taken per block in registers and added to the level's totals once per block.
        var runs = work.Runs;
        var runCount = Runs(level, runs);
        var mu = new double[n];
        for (var i = 0; i < n; i++)
        {
            mu[i] = y[i] + 0.1;
            eta[i] = CountTables.LogPlusTenth(y[i]);
            yLogY[i] = CountTables.YLogY(y[i]);
        }

        var devOld = Deviance(y, yLogY, mu, eta, priorWeights);
        var w = new double[n];
        var levels = dummies + 1;
        Span<double> sums = stackalloc double[5 * levels];
        Span<double> a = stackalloc double[p * p];
        Span<double> b = stackalloc double[p];
        Span<double> l = stackalloc double[p * p];
        var coef = new double[p];
        var converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            sums.Clear();
            for (var r = 0; r < runCount; r++)
            {
                double sw = 0, swt = 0, swtt = 0, swz = 0, swtz = 0;
                for (var i = runs[r]; i < runs[r + 1]; i++)
                {
                    var prior = priorWeights?[i] ?? 1;
                    // Log link: μ'(η) = μ, the working weight is prior·μ and
                    // w·z = prior·(μ·(η − offset) + y − μ), with no division per row.
                    var m = mu[i];
                    if (prior <= 0)
                    {
                        w[i] = 0;
                        continue;
                    }

                    var wi = prior * m;
                    w[i] = wi;
                    var wz = prior * ((m * (eta[i] - (offset?[i] ?? 0))) + (y[i] - m));
                    var ti = t[i];
                    sw += wi;
                    swt += wi * ti;
                    swtt += wi * ti * ti;
                    swz += wz;
                    swtz += wz * ti;
                }

                var s = sums.Slice(5 * level[runs[r]], 5);
                s[0] += sw;
                s[1] += swt;
                s[2] += swtt;
                s[3] += swz;
                s[4] += swtz;
            }

            Assemble(sums, levels, trendColumn == 1, a, b, p);
            Cholesky.Solve(a, b, p, coef, l);
            for (var r = 0; r < runCount; r++)
            {
                var lv = level[runs[r]];
                var constant = coef[0] + (lv > 0 ? coef[first + lv - 1] : 0);
                var slope = trendColumn == 1 ? coef[1] : 0;
                for (var i = runs[r]; i < runs[r + 1]; i++)
                {
                    eta[i] = (offset?[i] ?? 0) + constant + (slope * t[i]);
                }
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
        for (var r = 0; r < runCount; r++)
        {
            // x'Σx for x = (1, t, e_level): constant within a block except for the trend terms.
            var lv = level[runs[r]];
            var d = first + lv - 1;
            var q0 = cov[0] + (lv > 0 ? (2 * cov[d]) + cov[(d * p) + d] : 0);
            var q1 = trendColumn == 1 ? 2 * (cov[1] + (lv > 0 ? cov[p + d] : 0)) : 0;
            var q2 = trendColumn == 1 ? cov[p + 1] : 0;
            for (var i = runs[r]; i < runs[r + 1]; i++)
            {
                if (w[i] == 0)
                {
                    continue;
                }

                nGood++;
                var ti = t[i];
                hat[i] = w[i] * (q0 + (ti * q1) + (ti * ti * q2));
            }
        }

        return new GlmFit
        {
            Coefficients = coef,
            Mu = mu,
            Eta = eta.ToArray(),
            WorkingWeights = w,
            Hat = hat,
            CovUnscaled = cov,
            Converged = converged,
            ResidualDf = nGood - p,
        };
    }

    // Start index of each block of equal levels; runs[count] = n.
    private static int Runs(int[] level, int[] runs)
    {
        var count = 0;
        for (var i = 0; i < level.Length; i++)
        {
            if (i == 0 || level[i] != level[i - 1])
            {
                runs[count++] = i;
            }
        }

        runs[count] = level.Length;
        return count;
    }

    // XᵀWX and XᵀWz from the per-level sums (Σw, Σwt, Σwt², Σwz, Σwtz).
    private static void Assemble(ReadOnlySpan<double> sums, int levels, bool trend, Span<double> a, Span<double> b, int p)
    {
        a.Clear();
        b.Clear();
        var first = trend ? 2 : 1;
        for (var lv = 0; lv < levels; lv++)
        {
            var s = sums.Slice(5 * lv, 5);
            a[0] += s[0];
            b[0] += s[3];
            if (trend)
            {
                a[1] += s[1];
                a[p + 1] += s[2];
                b[1] += s[4];
            }

            if (lv > 0)
            {
                var d = first + lv - 1;
                a[d] = s[0];
                a[(d * p) + d] = s[0];
                b[d] = s[3];
                if (trend)
                {
                    a[p + d] = s[1];
                }
            }
        }

        for (var i = 0; i < p; i++)
        {
            for (var j = i + 1; j < p; j++)
            {
                a[(j * p) + i] = a[(i * p) + j];
            }
        }
    }

    private static double Deviance(ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> mu, ReadOnlySpan<double> eta, double[]? wt)
    {
        if (wt is null)
        {
            return PoissonGlm.Deviance(y, yLogY, mu, eta);
        }

        // Weighted: y·log(y/μ) as y·log y − y·η except where μ was floored at ε and log μ ≠ η.
        var d = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (y[i] > 0)
            {
                var logMu = mu[i] > 2.220446049250313e-16 ? eta[i] : Math.Log(mu[i]);
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
