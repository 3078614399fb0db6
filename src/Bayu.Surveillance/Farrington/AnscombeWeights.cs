using System.Runtime.Intrinsics;
using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Farrington;

/// <summary>
/// Reweighting of <c>algo.farrington.assign.weights</c>: ω_i = γ·s_i⁻² where the standardised
/// Anscombe residual s_i exceeds the threshold, else γ, with γ making the weights average one.
/// </summary>
internal static class AnscombeWeights
{
    /// <param name="glm">The unweighted fit, with leverage.</param>
    /// <param name="response">Its counts.</param>
    /// <param name="phi">Dispersion, floored at one.</param>
    /// <param name="threshold">Residuals above this are down-weighted.</param>
    public static double[] Compute(GlmFit glm, PoissonResponse response, double phi, double threshold)
    {
        var s = Residuals(glm, response, phi);
        var n = s.Length;
        var denominator = 0.0;
        for (var i = 0; i < n; i++)
        {
            denominator += s[i] > threshold ? 1 / (s[i] * s[i]) : 1;
        }

        var gamma = n / denominator;
        var omega = GC.AllocateUninitializedArray<double>(n);
        for (var i = 0; i < n; i++)
        {
            omega[i] = s[i] > threshold ? gamma / (s[i] * s[i]) : gamma;
        }

        return omega;
    }

    // s_i = 1.5·(y^(2/3)·μ^(−1/6) − μ^(1/2)) / √(φ(1 − h_i)). μ^(−1/6) is taken as e^(−log μ / 6),
    // four rows at a time, instead of a pow per row.
    private static double[] Residuals(GlmFit glm, PoissonResponse response, double phi)
    {
        var mu = glm.Mu;
        var hat = glm.Hat;
        var twoThirds = response.TwoThirds;
        var n = mu.Length;
        var s = GC.AllocateUninitializedArray<double>(n);
        for (var i = 0; i < n; i++)
        {
            s[i] = glm.LogMu(i);
        }

        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var sixth = Vector256.Create(-1.0 / 6);
            var vPhi = Vector256.Create(phi);
            var one = Vector256.Create(1.0);
            var half3 = Vector256.Create(1.5);
            for (; j <= n - Vector256<double>.Count; j += Vector256<double>.Count)
            {
                var m = Vector256.Create(mu.AsSpan(j, Vector256<double>.Count));
                var root = Vector256.Exp(Vector256.Create(s.AsSpan(j, Vector256<double>.Count)) * sixth);
                var raw = half3 * ((Vector256.Create(twoThirds.AsSpan(j, Vector256<double>.Count)) * root) - Vector256.Sqrt(m));
                var scale = Vector256.Sqrt(vPhi * (one - Vector256.Create(hat.AsSpan(j, Vector256<double>.Count))));
                (raw / scale).CopyTo(s.AsSpan(j, Vector256<double>.Count));
            }
        }

        for (; j < n; j++)
        {
            var raw = 1.5 * ((twoThirds[j] * Math.Exp(s[j] * (-1.0 / 6))) - Math.Sqrt(mu[j]));
            s[j] = raw / Math.Sqrt(phi * (1 - hat[j]));
        }

        return s;
    }
}
