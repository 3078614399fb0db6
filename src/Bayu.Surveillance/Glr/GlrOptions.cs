namespace Bayu.Surveillance.Glr;

/// <summary>What the upper-bound column of a GLR chart holds.</summary>
public enum GlrReturn
{
    /// <summary>The statistic itself (R's <c>ret = "value"</c>, the code's default).</summary>
    Value,

    /// <summary>The smallest count that would raise an alarm (R's <c>ret = "cases"</c>).</summary>
    Cases,
}

/// <summary>Parameters of R's <c>algo.glrpois</c> (Poisson, intercept change, increases).</summary>
public sealed record GlrOptions
{
    public double CArl { get; init; } = 5;

    public GlrReturn Return { get; init; } = GlrReturn.Value;

    /// <summary>Known log rate ratio κ; when set, the recursive LR-CUSUM replaces the GLR maximisation.</summary>
    public double? Theta { get; init; }

    /// <summary>Fixed in-control means over the range; null fits the seasonal Poisson GLM before the range.</summary>
    public IReadOnlyList<double>? Mu0 { get; init; }
}
