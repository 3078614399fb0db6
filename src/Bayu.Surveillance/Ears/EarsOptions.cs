namespace Bayu.Surveillance.Ears;

public enum EarsMethod
{
    C1,
    C2,
    C3,
}

/// <summary>How C3 turns the C2 statistics into a signal.</summary>
public enum C3Variant
{
    /// <summary>As coded in R <c>surveillance</c> 1.20.3: alarm when the two lagged C2 excesses exceed z (see ADR 0601).</summary>
    Package,

    /// <summary>Textbook CDC C3: alarm when Σ_{t−2..t} max(0, C2−1) exceeds z.</summary>
    Textbook,
}

/// <summary>Parameters of R's <c>earsC</c>; alpha defaults to 0.001 (C1, C2) or 0.025 (C3).</summary>
public sealed record EarsOptions
{
    public EarsMethod Method { get; init; } = EarsMethod.C1;

    public int Baseline { get; init; } = 7;

    public double MinSigma { get; init; }

    public double? Alpha { get; init; }

    public C3Variant C3 { get; init; } = C3Variant.Package;

    public double EffectiveAlpha => Alpha ?? (Method == EarsMethod.C3 ? 0.025 : 0.001);
}
