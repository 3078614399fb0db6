using System.Runtime.Intrinsics;

namespace Bayu.Surveillance.Numerics;

internal static class VectorMath
{
    private const double MachineEps = 2.220446049250313e-16;

    /// <summary>μ_i = max(e^{η_i}, ε): the Poisson log-link inverse, vectorised (the IRLS hot spot).</summary>
    public static void ExpFloor(ReadOnlySpan<double> eta, Span<double> mu)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var floor = Vector256.Create(MachineEps);
            for (; i <= eta.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var e = Vector256.Exp(Vector256.Create(eta.Slice(i, Vector256<double>.Count)));
                Vector256.Max(e, floor).CopyTo(mu.Slice(i, Vector256<double>.Count));
            }
        }

        for (; i < eta.Length; i++)
        {
            mu[i] = Math.Max(Math.Exp(eta[i]), MachineEps);
        }
    }

    /// <summary>y_i = e^{x_i}, vectorised; <paramref name="x"/> and <paramref name="y"/> may be the same span.</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256.Exp(Vector256.Create(x.Slice(i, Vector256<double>.Count))).CopyTo(y.Slice(i, Vector256<double>.Count));
            }
        }

        for (; i < x.Length; i++)
        {
            y[i] = Math.Exp(x[i]);
        }
    }
}
