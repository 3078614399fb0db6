using System.Runtime.Intrinsics;

namespace Bayu.Surveillance.Numerics;

/// <summary>Result of <see cref="PoissonGlm.Fit"/>, laid out like R's <c>glm</c> object.</summary>
internal sealed class GlmFit
{
    public required double[] Coefficients { get; init; }

    /// <summary>Fitted means from the final coefficients.</summary>
    public required double[] Mu { get; init; }

    /// <summary>Linear predictor of the final coefficients (log μ unless μ was floored at ε); empty unless the fit was asked for leverage.</summary>
    public required double[] Eta { get; init; }

    /// <summary>Working weights of the last WLS solve (R's <c>model$weights</c>).</summary>
    public required double[] WorkingWeights { get; init; }

    /// <summary>Hat values of the last WLS solve (R's <c>hatvalues(model)</c>); empty unless the fit was asked for leverage.</summary>
    public required double[] Hat { get; init; }

    /// <summary>(XᵀWX)⁻¹ of the last WLS solve, row-major p×p (R's <c>cov.unscaled</c>).</summary>
    public required double[] CovUnscaled { get; init; }

    public required bool Converged { get; init; }

    public required int ResidualDf { get; init; }

    /// <summary>Σ w (y−μ)²/μ'² over observations with positive weight, divided by the residual df.</summary>
    public double Dispersion(double[] y, double[] weights)
    {
        // Rows with weight 0 add w·r² = 0 (μ ≥ ε keeps r finite), so no branch is needed.
        var sum = 0.0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= y.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var m = Vector256.Create(Mu.AsSpan(i, Vector256<double>.Count));
                var r = (Vector256.Create(y.AsSpan(i, Vector256<double>.Count)) - m) / m;
                acc += Vector256.Create(weights.AsSpan(i, Vector256<double>.Count)) * r * r;
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < y.Length; i++)
        {
            var r = (y[i] - Mu[i]) / Mu[i];
            sum += weights[i] * r * r;
        }

        return sum / ResidualDf;
    }

    /// <summary>log μ_i: η_i, except where μ was floored at machine ε.</summary>
    public double LogMu(int i) => Mu[i] > 2.220446049250313e-16 ? Eta[i] : Math.Log(Mu[i]);

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
