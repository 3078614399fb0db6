using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Bayu.Surveillance.Numerics;

/// <summary>
/// The per-row work of one Poisson IRLS iteration, fused into a single vectorised pass: from the
/// new coefficients, η and μ = max(e^η, ε); the deviance term of the convergence test; and the
/// working weight w = prior·μ and w·z = prior·(μ·(η − offset) + y − μ) summed for the next
/// normal equations (needed unless this pass converges, in which case they are simply unused).
/// One pass instead of four keeps the rows in cache and lets e^η run four lanes at a time.
/// Summation order differs from a row-by-row loop only by rounding.
/// </summary>
internal static class IrlsKernels
{
    private const double MachineEps = 2.220446049250313e-16;

    /// <summary>
    /// Factor designs: η = offset + constant + slope·t, where constant is the row's intercept plus
    /// level effect. Stores η, μ, w and w·z; the per-level sums are taken by <see cref="BlockSums"/>.
    /// </summary>
    /// <returns>Σ prior · (y·log(y/μ) − (y − μ)) over the rows (half the deviance).</returns>
    public static double Factor(
        ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> t, ReadOnlySpan<double> prior, ReadOnlySpan<double> offset,
        ReadOnlySpan<double> constant, double slope, Span<double> eta, Span<double> mu, Span<double> w, Span<double> wz)
    {
        var n = y.Length;
        RequireLength(n, yLogY.Length, t.Length, prior.Length, offset.Length, constant.Length, eta.Length, mu.Length, w.Length, wz.Length);
        var i = 0;
        var dev = 0.0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            ref var rY = ref MemoryMarshal.GetReference(y);
            ref var rYLogY = ref MemoryMarshal.GetReference(yLogY);
            ref var rT = ref MemoryMarshal.GetReference(t);
            ref var rPrior = ref MemoryMarshal.GetReference(prior);
            ref var rOffset = ref MemoryMarshal.GetReference(offset);
            ref var rConstant = ref MemoryMarshal.GetReference(constant);
            ref var rEta = ref MemoryMarshal.GetReference(eta);
            ref var rMu = ref MemoryMarshal.GetReference(mu);
            ref var rW = ref MemoryMarshal.GetReference(w);
            ref var rWz = ref MemoryMarshal.GetReference(wz);
            var vSlope = Vector256.Create(slope);
            var eps = Vector256.Create(MachineEps);
            var vDev = Vector256<double>.Zero;
            var vMin = Vector256.Create(double.PositiveInfinity);
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var k = (nuint)i;
                var oi = Vector256.LoadUnsafe(ref rOffset, k);
                var yi = Vector256.LoadUnsafe(ref rY, k);
                var pi = Vector256.LoadUnsafe(ref rPrior, k);
                var e = oi + Vector256.LoadUnsafe(ref rConstant, k) + (vSlope * Vector256.LoadUnsafe(ref rT, k));
                var m = Vector256.Max(Vector256.Exp(e), eps);
                vMin = Vector256.Min(vMin, m);
                e.StoreUnsafe(ref rEta, k);
                m.StoreUnsafe(ref rMu, k);
                vDev += pi * (Vector256.LoadUnsafe(ref rYLogY, k) - (yi * e) - (yi - m));
                var positive = Vector256.GreaterThan(pi, Vector256<double>.Zero);
                Vector256.ConditionalSelect(positive, pi * m, Vector256<double>.Zero).StoreUnsafe(ref rW, k);
                Vector256.ConditionalSelect(positive, pi * ((m * (e - oi)) + (yi - m)), Vector256<double>.Zero).StoreUnsafe(ref rWz, k);
            }

            dev += Vector256.Sum(vDev);
            if (Vector256.LessThanOrEqualAny(vMin, eps))
            {
                // Some μ hit the floor ε, where log μ ≠ η: take those rows' terms again (rare).
                dev = 0;
                for (var j = 0; j < i; j++)
                {
                    dev += prior[j] * PoissonGlm.UnitDeviance(y[j], yLogY[j], mu[j], eta[j]);
                }
            }
        }

        for (; i < n; i++)
        {
            var e = offset[i] + constant[i] + (slope * t[i]);
            var m = Math.Max(Math.Exp(e), MachineEps);
            eta[i] = e;
            mu[i] = m;
            var pi = prior[i];
            dev += pi * PoissonGlm.UnitDeviance(y[i], yLogY[i], m, e);
            w[i] = pi > 0 ? pi * m : 0;
            wz[i] = pi > 0 ? pi * ((m * (e - offset[i])) + (y[i] - m)) : 0;
        }

        return dev;
    }

    /// <summary>
    /// glm.fit's start: μ = y + 0.1 and η = log μ (given in <paramref name="eta"/>). Stores μ, w and
    /// w·z as <see cref="Factor"/> does (μ &gt; ε here, so no floor).
    /// </summary>
    /// <returns>Half the deviance at the start.</returns>
    public static double Start(
        ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> eta, ReadOnlySpan<double> prior, ReadOnlySpan<double> offset,
        Span<double> mu, Span<double> w, Span<double> wz)
    {
        var n = y.Length;
        RequireLength(n, yLogY.Length, eta.Length, prior.Length, offset.Length, mu.Length, w.Length, wz.Length);
        var i = 0;
        var dev = 0.0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            ref var rY = ref MemoryMarshal.GetReference(y);
            ref var rYLogY = ref MemoryMarshal.GetReference(yLogY);
            ref var rEta = ref MemoryMarshal.GetReference(eta);
            ref var rPrior = ref MemoryMarshal.GetReference(prior);
            ref var rOffset = ref MemoryMarshal.GetReference(offset);
            ref var rMu = ref MemoryMarshal.GetReference(mu);
            ref var rW = ref MemoryMarshal.GetReference(w);
            ref var rWz = ref MemoryMarshal.GetReference(wz);
            var tenth = Vector256.Create(0.1);
            var vDev = Vector256<double>.Zero;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var k = (nuint)i;
                var yi = Vector256.LoadUnsafe(ref rY, k);
                var e = Vector256.LoadUnsafe(ref rEta, k);
                var pi = Vector256.LoadUnsafe(ref rPrior, k);
                var m = yi + tenth;
                m.StoreUnsafe(ref rMu, k);
                vDev += pi * (Vector256.LoadUnsafe(ref rYLogY, k) - (yi * e) - (yi - m));
                var positive = Vector256.GreaterThan(pi, Vector256<double>.Zero);
                Vector256.ConditionalSelect(positive, pi * m, Vector256<double>.Zero).StoreUnsafe(ref rW, k);
                Vector256.ConditionalSelect(positive, pi * ((m * (e - Vector256.LoadUnsafe(ref rOffset, k))) + (yi - m)), Vector256<double>.Zero).StoreUnsafe(ref rWz, k);
            }

            dev += Vector256.Sum(vDev);
        }

        for (; i < n; i++)
        {
            var m = y[i] + 0.1;
            mu[i] = m;
            var pi = prior[i];
            dev += pi * PoissonGlm.UnitDeviance(y[i], yLogY[i], m, eta[i]);
            w[i] = pi > 0 ? pi * m : 0;
            wz[i] = pi > 0 ? pi * ((m * (eta[i] - offset[i])) + (y[i] - m)) : 0;
        }

        return dev;
    }

    /// <summary>Adds Σw, Σwt, Σwt², Σwz, Σwzt over the rows to <paramref name="sums"/>.</summary>
    public static void BlockSums(ReadOnlySpan<double> w, ReadOnlySpan<double> wz, ReadOnlySpan<double> t, Span<double> sums)
    {
        var n = w.Length;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            Vector256<double> sw = default, swt = default, swtt = default, swz = default, swzt = default;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var wi = Load(w, i);
                var zi = Load(wz, i);
                var ti = Load(t, i);
                var wt = wi * ti;
                sw += wi;
                swt += wt;
                swtt += wt * ti;
                swz += zi;
                swzt += zi * ti;
            }

            sums[0] += Vector256.Sum(sw);
            sums[1] += Vector256.Sum(swt);
            sums[2] += Vector256.Sum(swtt);
            sums[3] += Vector256.Sum(swz);
            sums[4] += Vector256.Sum(swzt);
        }

        for (; i < n; i++)
        {
            sums[0] += w[i];
            sums[1] += w[i] * t[i];
            sums[2] += w[i] * t[i] * t[i];
            sums[3] += wz[i];
            sums[4] += wz[i] * t[i];
        }
    }

    /// <summary>Dense design 1, x1, x2 (intercept and one harmonic), prior weights one, no offset.</summary>
    /// <param name="sums">XᵀWX upper triangle (00, 01, 02, 11, 12, 22) then XᵀWz (0, 1, 2), accumulated.</param>
    /// <returns>Half the deviance.</returns>
    public static double Harmonic(
        ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> x1, ReadOnlySpan<double> x2,
        double c0, double c1, double c2, Span<double> eta, Span<double> mu, Span<double> sums)
    {
        var n = y.Length;
        var i = 0;
        var dev = 0.0;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<double>.Count)
        {
            var v0 = Vector256.Create(c0);
            var v1 = Vector256.Create(c1);
            var v2 = Vector256.Create(c2);
            var eps = Vector256.Create(MachineEps);
            Vector256<double> a00 = default, a01 = default, a02 = default, a11 = default, a12 = default, a22 = default;
            Vector256<double> b0 = default, b1 = default, b2 = default, vDev = default;
            for (; i <= n - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var p1 = Load(x1, i);
                var p2 = Load(x2, i);
                var yi = Load(y, i);
                var e = v0 + (v1 * p1) + (v2 * p2);
                var m = Vector256.Max(Vector256.Exp(e), eps);
                e.StoreUnsafe(ref eta[i]);
                m.StoreUnsafe(ref mu[i]);
                var unit = Load(yLogY, i) - (yi * e) - (yi - m);
                if (Vector256.LessThanOrEqualAny(m, eps))
                {
                    unit = FlooredUnits(y, yLogY, mu, eta, i);
                }

                vDev += unit;
                var wz = (m * e) + (yi - m);
                var w1 = m * p1;
                var w2 = m * p2;
                a00 += m;
                a01 += w1;
                a02 += w2;
                a11 += w1 * p1;
                a12 += w1 * p2;
                a22 += w2 * p2;
                b0 += wz;
                b1 += wz * p1;
                b2 += wz * p2;
            }

            sums[0] += Vector256.Sum(a00);
            sums[1] += Vector256.Sum(a01);
            sums[2] += Vector256.Sum(a02);
            sums[3] += Vector256.Sum(a11);
            sums[4] += Vector256.Sum(a12);
            sums[5] += Vector256.Sum(a22);
            sums[6] += Vector256.Sum(b0);
            sums[7] += Vector256.Sum(b1);
            sums[8] += Vector256.Sum(b2);
            dev += Vector256.Sum(vDev);
        }

        for (; i < n; i++)
        {
            var e = c0 + (c1 * x1[i]) + (c2 * x2[i]);
            var m = Math.Max(Math.Exp(e), MachineEps);
            eta[i] = e;
            mu[i] = m;
            dev += PoissonGlm.UnitDeviance(y[i], yLogY[i], m, e);
            var wz = (m * e) + (y[i] - m);
            sums[0] += m;
            sums[1] += m * x1[i];
            sums[2] += m * x2[i];
            sums[3] += m * x1[i] * x1[i];
            sums[4] += m * x1[i] * x2[i];
            sums[5] += m * x2[i] * x2[i];
            sums[6] += wz;
            sums[7] += wz * x1[i];
            sums[8] += wz * x2[i];
        }

        return dev;
    }

    // The vector loops read without bounds checks, so every row span must be checked once up front.
    private static void RequireLength(int n, params ReadOnlySpan<int> lengths)
    {
        foreach (var length in lengths)
        {
            if (length < n)
            {
                throw new ArgumentException("Every row span must be at least as long as y.");
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ReadOnlySpan<double> span, int i) => Vector256.Create(span.Slice(i, Vector256<double>.Count));

    // A lane whose μ hit the floor ε has log μ ≠ η: those four terms are taken one by one (rare).
    private static Vector256<double> FlooredUnits(ReadOnlySpan<double> y, ReadOnlySpan<double> yLogY, ReadOnlySpan<double> mu, ReadOnlySpan<double> eta, int i) =>
        Vector256.Create(
            PoissonGlm.UnitDeviance(y[i], yLogY[i], mu[i], eta[i]),
            PoissonGlm.UnitDeviance(y[i + 1], yLogY[i + 1], mu[i + 1], eta[i + 1]),
            PoissonGlm.UnitDeviance(y[i + 2], yLogY[i + 2], mu[i + 2], eta[i + 2]),
            PoissonGlm.UnitDeviance(y[i + 3], yLogY[i + 3], mu[i + 3], eta[i + 3]));
}
