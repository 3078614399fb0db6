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
    /// <param name="response">Counts and their IRLS constants.</param>
    /// <param name="priorWeights">Prior weights or null for ones.</param>
    /// <param name="offset">Offset on the link scale or null.</param>
    /// <param name="leverage">Whether to compute hat values (only the reweighting needs them).</param>
    public static GlmFit Fit(double[]? time, int[] level, int dummies, PoissonResponse response, double[]? priorWeights, double[]? offset, bool leverage)
    {
        var y = response.Y;
        var n = y.Length;
        var trendColumn = time is null ? 0 : 1;
        var p = 1 + trendColumn + dummies;
        var first = 1 + trendColumn;
        var work = GlmWorkspace.For(n);
        var eta = work.Eta.AsSpan(0, n);
        var yLogY = response.YLogY.AsSpan();
        // Missing trend, weights or offset are rows of zeros or ones, so one kernel serves every design.
        var t = time ?? work.Zeros;
        var prior = priorWeights ?? work.Ones;
        var off = offset ?? work.Zeros;

        // Reference data come in blocks of one level (a window, then the blocks of each gap); within
        // a block every row has the same intercept-plus-level term.
        var runs = work.Runs;
        var runCount = Runs(level, runs);
        var levels = dummies + 1;
        Span<double> sums = stackalloc double[5 * levels];
        var mu = GC.AllocateUninitializedArray<double>(n);
        // Weights of the solve in progress and of the next one: the fit reports those of its last solve.
        // Every row of these is written before it is read, so they skip the zeroing.
        var w = GC.AllocateUninitializedArray<double>(n);
        var wNext = GC.AllocateUninitializedArray<double>(n);

        // Start as glm.fit: μ = y + 0.1, η = log μ.
        var wz = work.WorkingResponse.AsSpan(0, n);
        var constant = work.Constant.AsSpan(0, n);
        var devOld = 2 * IrlsKernels.Start(y, yLogY, response.StartEta, prior.AsSpan(0, n), off.AsSpan(0, n), mu, w, wz);
        Sums(runs, runCount, level, w, wz, t, sums);
        Span<double> a = stackalloc double[p * p];
        Span<double> b = stackalloc double[p];
        Span<double> l = stackalloc double[p * p];
        var coef = new double[p];
        var converged = false;
        for (var iter = 1; iter <= MaxIterations; iter++)
        {
            Assemble(sums, levels, trendColumn == 1, a, b, p);
            Cholesky.Solve(a, b, p, coef, l);
            for (var r = 0; r < runCount; r++)
            {
                var lv = level[runs[r]];
                constant[runs[r]..runs[r + 1]].Fill(coef[0] + (lv > 0 ? coef[first + lv - 1] : 0));
            }

            var slope = trendColumn == 1 ? coef[1] : 0;
            var dev = 2 * IrlsKernels.Factor(y, yLogY, t.AsSpan(0, n), prior.AsSpan(0, n), off.AsSpan(0, n), constant, slope, eta, mu, wNext, wz);
            if (Math.Abs(dev - devOld) / (Math.Abs(dev) + 0.1) < Epsilon)
            {
                converged = true;
                break;
            }

            // Not converged: the weights just computed make the next normal equations.
            devOld = dev;
            (w, wNext) = (wNext, w);
            Sums(runs, runCount, level, w, wz, t, sums);
        }

        var cov = Cholesky.Inverse(a, p);
        var hat = leverage ? GC.AllocateUninitializedArray<double>(n) : [];
        for (var r = 0; r < runCount && leverage; r++)
        {
            // x'Σx for x = (1, t, e_level): constant within a block except for the trend terms.
            var lv = level[runs[r]];
            var d = first + lv - 1;
            var q0 = cov[0] + (lv > 0 ? (2 * cov[d]) + cov[(d * p) + d] : 0);
            var q1 = trendColumn == 1 ? 2 * (cov[1] + (lv > 0 ? cov[p + d] : 0)) : 0;
            var q2 = trendColumn == 1 ? cov[p + 1] : 0;
            for (var i = runs[r]; i < runs[r + 1]; i++)
            {
                var ti = t[i];
                hat[i] = w[i] * (q0 + (ti * q1) + (ti * ti * q2));
            }
        }

        var nGood = 0;
        foreach (var wi in w)
        {
            nGood += wi > 0 ? 1 : 0;
        }

        return new GlmFit
        {
            Coefficients = coef,
            Mu = mu,
            Eta = leverage ? Copy(eta) : [],
            WorkingWeights = w,
            Hat = hat,
            CovUnscaled = cov,
            Converged = converged,
            ResidualDf = nGood - p,
        };
    }

    private static double[] Copy(ReadOnlySpan<double> source)
    {
        var copy = GC.AllocateUninitializedArray<double>(source.Length);
        source.CopyTo(copy);
        return copy;
    }

    // Per-level Σw, Σwt, Σwt², Σwz, Σwzt, block by block.
    private static void Sums(int[] runs, int runCount, int[] level, ReadOnlySpan<double> w, ReadOnlySpan<double> wz, double[] t, Span<double> sums)
    {
        sums.Clear();
        for (var r = 0; r < runCount; r++)
        {
            var (start, length) = (runs[r], runs[r + 1] - runs[r]);
            IrlsKernels.BlockSums(w.Slice(start, length), wz.Slice(start, length), t.AsSpan(start, length), sums.Slice(5 * level[start], 5));
        }
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
}
