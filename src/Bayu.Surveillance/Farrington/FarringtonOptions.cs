namespace Bayu.Surveillance.Farrington;

/// <summary>Power transformation used for the prediction interval.</summary>
public enum PowerTransform
{
    TwoThirds,
    Half,
    None,
}

public enum ThresholdMethod
{
    /// <summary>Delta-method interval on the power-transformed scale (Farrington 1996).</summary>
    Delta,

    /// <summary>Negative-binomial quantile with mean μ0 and variance φμ0 (Noufaily 2013).</summary>
    NbPlugin,

    /// <summary>As NbPlugin, with μ0 replaced by its upper confidence limit exp(η0 + z·se).</summary>
    Muan,
}

/// <summary>Parameters of R's <c>algo.farrington</c> (1996 method).</summary>
public sealed record FarringtonOptions
{
    public int B { get; init; } = 5;

    public int W { get; init; } = 3;

    public bool Reweight { get; init; } = true;

    /// <summary>Two-sided: z = Φ⁻¹(1 − α/2).</summary>
    public double Alpha { get; init; } = 0.05;

    public bool Trend { get; init; } = true;

    /// <summary>Alarm only if the last <see cref="Limit54Periods"/> periods hold at least this many cases.</summary>
    public int Limit54Cases { get; init; } = 5;

    public int Limit54Periods { get; init; } = 4;

    public PowerTransform PowerTransform { get; init; } = PowerTransform.TwoThirds;

    /// <summary>Index-based (the default) or date-based, as R does for Date epochs.</summary>
    public ReferenceWeeks ReferenceWeeks { get; init; } = ReferenceWeeks.IndexBased;
}

/// <summary>Parameters of R's <c>farringtonFlexible</c> (with the Noufaily et al. 2013 options).</summary>
public sealed record FarringtonFlexibleOptions
{
    public int B { get; init; } = 5;

    public int W { get; init; } = 3;

    public bool Reweight { get; init; } = true;

    public double WeightsThreshold { get; init; } = 2.58;

    /// <summary>One-sided: z = Φ⁻¹(1 − α).</summary>
    public double Alpha { get; init; } = 0.05;

    public bool Trend { get; init; } = true;

    public double PThresholdTrend { get; init; } = 0.05;

    public int Limit54Cases { get; init; } = 5;

    public int Limit54Periods { get; init; } = 4;

    public PowerTransform PowerTransform { get; init; } = PowerTransform.TwoThirds;

    public bool PopulationOffset { get; init; }

    public int NoPeriods { get; init; } = 1;

    /// <summary>Recent periods left out of the fit; null means w.</summary>
    public int? PastWeeksNotIncluded { get; init; }

    public ThresholdMethod ThresholdMethod { get; init; } = ThresholdMethod.Delta;

    /// <summary>Index-based (the default) or date-based, as R does for Date epochs.</summary>
    public ReferenceWeeks ReferenceWeeks { get; init; } = ReferenceWeeks.IndexBased;
}
