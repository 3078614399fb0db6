using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace Bayu.Surveillance.Numerics;

/// <summary>
/// Distribution functions with R's semantics (argument order, tails, discrete-quantile search),
/// built on MathNet's special functions.
/// </summary>
public static class RDistributions
{
    // R's discrete quantile search multiplies p by (1 - 64 eps) so that a CDF value equal to p
    // up to rounding still counts as reaching p (left continuity).
    private const double QuantileFuzz = 1 - (64 * 2.220446049250313e-16);

    /// <summary>Standard normal quantile, R's <c>qnorm(p)</c>.</summary>
    public static double QNorm(double p) => Normal.InvCDF(0, 1, p);

    /// <summary>Standard normal CDF, R's <c>pnorm(x)</c>.</summary>
    public static double PNorm(double x) => Normal.CDF(0, 1, x);

    /// <summary>Student t CDF, R's <c>pt(x, df)</c>.</summary>
    public static double PT(double x, double df) => StudentT.CDF(0, 1, df, x);

    /// <summary>Poisson CDF, R's <c>ppois(x, lambda)</c>.</summary>
    public static double PPois(double x, double lambda)
    {
        if (x < 0)
        {
            return 0;
        }

        if (lambda == 0)
        {
            return 1;
        }

        return SpecialFunctions.GammaUpperRegularized(Math.Floor(x) + 1, lambda);
    }

    /// <summary>Negative binomial CDF, R's <c>pnbinom(x, size, prob)</c>.</summary>
    public static double PNBinom(double x, double size, double prob)
    {
        if (x < 0)
        {
            return 0;
        }

        if (prob == 1)
        {
            return 1;
        }

        return SpecialFunctions.BetaRegularized(size, Math.Floor(x) + 1, prob);
    }

    /// <summary>Poisson quantile, R's <c>qpois(p, lambda)</c>: smallest y with CDF(y) ≥ p.</summary>
    public static double QPois(double p, double lambda)
    {
        if (double.IsNaN(p) || double.IsNaN(lambda) || lambda < 0)
        {
            return double.NaN;
        }

        if (lambda == 0)
        {
            return 0;
        }

        var sigma = Math.Sqrt(lambda);
        var gamma = 1.0 / sigma;
        return Search(p, lambda, sigma, gamma, y => PPois(y, lambda));
    }

    /// <summary>Negative binomial quantile, R's <c>qnbinom(p, size, prob)</c>.</summary>
    public static double QNBinom(double p, double size, double prob)
    {
        if (double.IsNaN(p) || double.IsNaN(size) || double.IsNaN(prob) || prob <= 0 || prob > 1 || size < 0)
        {
            return double.NaN;
        }

        if (prob == 1 || size == 0)
        {
            return 0;
        }

        var mu = size * (1 - prob) / prob;
        var sigma = Math.Sqrt(size * (1 - prob)) / prob;
        var gamma = (2 - prob) / Math.Sqrt(size * (1 - prob));
        return Search(p, mu, sigma, gamma, y => PNBinom(y, size, prob));
    }

    // Cornish-Fisher start as in R, then walk to the smallest y whose CDF reaches the fuzzed p.
    // The start only affects speed: the answer is the smallest such y whatever the start.
    private static double Search(double p, double mu, double sigma, double gamma, Func<double, double> cdf)
    {
        if (p <= 0)
        {
            return 0;
        }

        if (p >= 1)
        {
            return double.PositiveInfinity;
        }

        var z = QNorm(p);
        var y = Math.Round(mu + (sigma * (z + (gamma * ((z * z) - 1) / 6))));
        if (y < 0 || double.IsNaN(y))
        {
            y = 0;
        }

        var target = p * QuantileFuzz;
        if (cdf(y) >= target)
        {
            while (y > 0 && cdf(y - 1) >= target)
            {
                y--;
            }

            return y;
        }

        do
        {
            y++;
        }
        while (cdf(y) < target);

        return y;
    }
}
