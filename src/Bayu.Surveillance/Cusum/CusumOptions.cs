namespace Bayu.Surveillance.Cusum;

public enum CusumTransform
{
    Standard,
    Rossi,
    Anscombe,
}

/// <summary>How the in-control mean m is obtained.</summary>
public enum CusumMean
{
    /// <summary>m = mean of all counts before the range (R's <c>m = NULL</c>).</summary>
    PreRangeMean,

    /// <summary>m given as a constant.</summary>
    Constant,

    /// <summary>Seasonal Poisson GLM (intercept + one harmonic, no trend) fitted before the range.</summary>
    SeasonalGlm,
}

/// <summary>Parameters of R's <c>algo.cusum</c>.</summary>
public sealed record CusumOptions
{
    public double K { get; init; } = 1.04;

    public double H { get; init; } = 2.26;

    public CusumMean Mean { get; init; } = CusumMean.PreRangeMean;

    public double ConstantM { get; init; }

    public CusumTransform Transform { get; init; } = CusumTransform.Standard;
}
