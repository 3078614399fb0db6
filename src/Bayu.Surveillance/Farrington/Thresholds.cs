using Bayu.Surveillance.Numerics;

namespace Bayu.Surveillance.Farrington;

internal static class Thresholds
{
    /// <summary>
    /// Upper limit of the delta-method prediction interval on the power scale
    /// (<c>algo.farrington.threshold</c>), τ = φ + se_fit²/μ0.
    /// </summary>
    public static double Delta(double mu0, double seFit, double phi, double z, PowerTransform transform)
    {
        var tau = phi + (seFit * seFit / mu0);
        return transform switch
        {
            PowerTransform.TwoThirds => Math.Pow(Math.Pow(mu0, 2.0 / 3) + (z * Math.Sqrt(4.0 / 9 * Math.Pow(mu0, 1.0 / 3) * tau)), 1.5),
            PowerTransform.Half => Math.Pow(Math.Sqrt(mu0) + (z * Math.Sqrt(tau / 4)), 2),
            _ => mu0 + (z * Math.Sqrt(mu0 * tau)),
        };
    }

    /// <summary>P(h(Y) ≥ h(y)) under the same normal approximation.</summary>
    public static double DeltaPValue(double y, double mu0, double seFit, double phi, PowerTransform transform)
    {
        var tau = phi + (seFit * seFit / mu0);
        var (exponent, se) = transform switch
        {
            PowerTransform.TwoThirds => (2.0 / 3, Math.Sqrt(4.0 / 9 * Math.Pow(mu0, 1.0 / 3) * tau)),
            PowerTransform.Half => (0.5, Math.Sqrt(tau / 4)),
            _ => (1.0, Math.Sqrt(mu0 * tau)),
        };
        return 1 - RDistributions.PNorm((Math.Pow(y, exponent) - Math.Pow(mu0, exponent)) / se);
    }

    /// <summary>(1−α) quantile of the negative binomial with mean μ and variance φμ; Poisson when φ = 1.</summary>
    public static double NegativeBinomial(double mu, double phi, double alpha) =>
        phi == 1 ? RDistributions.QPois(1 - alpha, mu) : RDistributions.QNBinom(1 - alpha, mu / (phi - 1), 1 / phi);

    /// <summary>P(Y ≥ y) under the same negative binomial (Poisson when φ = 1).</summary>
    public static double NegativeBinomialPValue(double y, double mu, double phi) =>
        1 - (phi == 1 ? RDistributions.PPois(y - 1, mu) : RDistributions.PNBinom(y - 1, mu / (phi - 1), 1 / phi));
}
