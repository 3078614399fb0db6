using System.Text.Json;
using Bayu.Surveillance.BayesRki;
using Bayu.Surveillance.Cidars;
using Bayu.Surveillance.Cusum;
using Bayu.Surveillance.Ears;
using Bayu.Surveillance.Farrington;
using Bayu.Surveillance.Glr;
using Bayu.Surveillance.Series;
using Bayu.Surveillance.Threshold;

namespace Bayu.Surveillance.Detection;

/// <summary>A configured detector plus the range and frequency the parameters asked for.</summary>
public sealed record DetectorSetup(IOutbreakDetector Detector, int? RangeFrom, int? RangeTo, int? Frequency)
{
    /// <summary>The parameters' range, else from the earliest start (cusum/GLR: after one year) to the end.</summary>
    public (int From, int To) ResolveRange(CountSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var earliest = Detector.EarliestStart(series);
        if (Detector is CusumDetector or GlrPoissonDetector)
        {
            earliest = Math.Max(earliest, Math.Min(series.Length, series.Frequency + 1));
        }

        return (RangeFrom ?? earliest, RangeTo ?? series.Length);
    }
}

/// <summary>
/// Builds detectors from an algorithm name and the JSON keys of R's control lists
/// (<c>b</c>, <c>w</c>, <c>alpha</c>, <c>method</c>, <c>k</c>, <c>h</c>, <c>m</c>, <c>c.ARL</c>, …).
/// </summary>
public static class DetectorCatalog
{
    /// <summary>Algorithm names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "farrington", "farringtonFlexible", "earsC", "earsC_C1", "earsC_C2", "earsC_C3", "cusum", "glrpois",
        "bayes", "bayes1", "bayes2", "bayes3", "rki", "rki1", "rki2", "rki3", "cidars", "fixed",
    ];

    /// <exception cref="DetectionInputException">Unknown algorithm or bad or unknown parameters.</exception>
    public static DetectorSetup Create(string algorithm, JsonElement? parameters)
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        var p = new DetectorParameters(parameters);
        var range = p.IntegerPair("range");
        var freq = p.Has("freq") ? p.Integer("freq", 52) : (int?)null;
        IOutbreakDetector detector = algorithm switch
        {
            "farrington" => Farrington(p),
            "farringtonFlexible" => FarringtonFlexible(p),
            "earsC" => Ears(p, null),
            "earsC_C1" => Ears(p, EarsMethod.C1),
            "earsC_C2" => Ears(p, EarsMethod.C2),
            "earsC_C3" => Ears(p, EarsMethod.C3),
            "cusum" => Cusum(p),
            "glrpois" => Glr(p),
            "bayes" or "bayes1" or "bayes2" or "bayes3" => new BayesDetector(ReferenceWindows(p, algorithm, true)),
            "rki" or "rki1" or "rki2" or "rki3" => new RkiDetector(ReferenceWindows(p, algorithm, false)),
            "cidars" => Cidars(p),
            "fixed" => new FixedThresholdDetector(p.Number("threshold", 1)),
            _ => throw new DetectionInputException(
                $"Unknown algorithm '{algorithm}'. Known: {string.Join(", ", Names)}."),
        };
        p.RejectUnknown(algorithm);
        if (range is not null && range[0] > range[1])
        {
            throw new DetectionInputException($"Parameter 'range' [{range[0]},{range[1]}] is empty.");
        }

        return new DetectorSetup(detector, range?[0], range?[1], freq);
    }

    private static FarringtonDetector Farrington(DetectorParameters p)
    {
        p.Require("fitFun", "algo.farrington.fitGLM.fast");
        var referenceWeeks = ReferenceWeeksOf(p);
        p.Boolean("verbose", false);
        var limit = p.IntegerPair("limit54") ?? [5, 4];
        return new FarringtonDetector(new FarringtonOptions
        {
            B = AtLeast(p, "b", 5, 1),
            W = AtLeast(p, "w", 3, 0),
            Reweight = p.Boolean("reweight", true),
            Alpha = Probability(p, "alpha", 0.05),
            Trend = p.Boolean("trend", true),
            Limit54Cases = limit[0],
            Limit54Periods = limit[1],
            PowerTransform = Power(p.Text("powertrans")),
            ReferenceWeeks = referenceWeeks,
        });
    }

    private static FarringtonFlexibleDetector FarringtonFlexible(DetectorParameters p)
    {
        var referenceWeeks = ReferenceWeeksOf(p);
        p.Boolean("verbose", false);
        p.Boolean("glmWarnings", false);
        var limit = p.IntegerPair("limit54") ?? [5, 4];
        var w = AtLeast(p, "w", 3, 0);
        return new FarringtonFlexibleDetector(new FarringtonFlexibleOptions
        {
            B = AtLeast(p, "b", 5, 1),
            W = w,
            Reweight = p.Boolean("reweight", true),
            WeightsThreshold = p.Number("weightsThreshold", 2.58),
            Alpha = Probability(p, "alpha", 0.05),
            Trend = p.Boolean("trend", true),
            PThresholdTrend = p.Number("pThresholdTrend", 0.05),
            Limit54Cases = limit[0],
            Limit54Periods = limit[1],
            PowerTransform = Power(p.Text("powertrans")),
            PopulationOffset = p.Boolean("populationOffset", false),
            NoPeriods = p.Integer("noPeriods", 1),
            PastWeeksNotIncluded = p.Has("pastWeeksNotIncluded") ? p.Integer("pastWeeksNotIncluded", w) : null,
            ThresholdMethod = p.Text("thresholdMethod") switch
            {
                null or "delta" => ThresholdMethod.Delta,
                "nbPlugin" => ThresholdMethod.NbPlugin,
                "muan" => ThresholdMethod.Muan,
                var other => throw new DetectionInputException($"thresholdMethod '{other}' is not one of delta, nbPlugin, muan."),
            },
            ReferenceWeeks = referenceWeeks,
        });
    }

    // R decides by the series (epochAsDate); Bayu's series may carry dates either way, so it is asked for.
    private static ReferenceWeeks ReferenceWeeksOf(DetectorParameters p) => p.Text("referenceWeeks") switch
    {
        null or "index-based" => ReferenceWeeks.IndexBased,
        "date-based" => ReferenceWeeks.DateBased,
        var other => throw new DetectionInputException($"referenceWeeks '{other}' is not one of index-based, date-based."),
    };

    private static EarsDetector Ears(DetectorParameters p, EarsMethod? fixedMethod)
    {
        var method = p.Text("method") switch
        {
            null => fixedMethod ?? EarsMethod.C1,
            "C1" => EarsMethod.C1,
            "C2" => EarsMethod.C2,
            "C3" => EarsMethod.C3,
            var other => throw new DetectionInputException($"EARS method '{other}' is not one of C1, C2, C3."),
        };
        if (fixedMethod is { } m && m != method)
        {
            throw new DetectionInputException($"Algorithm earsC_{m} conflicts with method {method}.");
        }

        return new EarsDetector(new EarsOptions
        {
            Method = method,
            Baseline = p.Integer("baseline", 7),
            MinSigma = p.Number("minSigma", 0),
            Alpha = p.Has("alpha") ? Probability(p, "alpha", 0.001) : null,
            C3 = p.Text("c3") switch
            {
                null or "package" => C3Variant.Package,
                "textbook" => C3Variant.Textbook,
                var other => throw new DetectionInputException($"c3 '{other}' is not one of package, textbook."),
            },
        });
    }

    private static CusumDetector Cusum(DetectorParameters p)
    {
        p.Integer("start_week", 1);
        var options = new CusumOptions
        {
            K = p.Number("k", 1.04),
            H = p.Number("h", 2.26),
            Transform = p.Text("trans") switch
            {
                null or "standard" => CusumTransform.Standard,
                "rossi" => CusumTransform.Rossi,
                "anscombe" => CusumTransform.Anscombe,
                var other => throw new DetectionInputException($"trans '{other}' is not one of standard, rossi, anscombe."),
            },
        };
        p.Number("alpha", 0.1);
        var m = p.Raw("m");
        return new CusumDetector(m switch
        {
            null => options,
            { ValueKind: JsonValueKind.Number } number => options with { Mean = CusumMean.Constant, ConstantM = Positive(number.GetDouble(), "m") },
            { ValueKind: JsonValueKind.String } text when text.GetString() == "glm" => options with { Mean = CusumMean.SeasonalGlm },
            { ValueKind: JsonValueKind.String } text when text.GetString()!.StartsWith("mean(", StringComparison.Ordinal) => options,
            _ => throw new DetectionInputException("Parameter 'm' must be a number, \"glm\" or null."),
        });
    }

    private static GlrPoissonDetector Glr(DetectorParameters p)
    {
        p.Require("alpha", 0);
        p.Require("Mtilde", 1);
        p.Require("M", -1);
        p.Require("change", "intercept");
        p.Require("dir", "inc");
        if (p.Raw("mu0") is { ValueKind: not JsonValueKind.String })
        {
            throw new DetectionInputException("Parameter 'mu0' must be null (seasonal Poisson GLM before the range).");
        }

        var theta = p.Has("theta") ? p.Number("theta", 0) : (double?)null;
        if (theta == 1)
        {
            // algo.glrnb stops on exactly this value (a leftover of an older parametrisation).
            throw new DetectionInputException("glrpois: theta = 1 is refused by R's algo.glrnb.");
        }

        return new GlrPoissonDetector(new GlrOptions
        {
            CArl = p.Number("c.ARL", 5),
            Theta = theta,
            Return = p.Text("ret") switch
            {
                null or "value" => GlrReturn.Value,
                "cases" => GlrReturn.Cases,
                var other => throw new DetectionInputException($"ret '{other}' is not one of value, cases."),
            },
        });
    }

    private static ReferenceWindowOptions ReferenceWindows(DetectorParameters p, string algorithm, bool bayes)
    {
        var preset = algorithm[^1] is >= '1' and <= '3'
            ? ReferenceWindowOptions.Preset(algorithm[^1] - '0')
            : ReferenceWindowOptions.Preset(3);
        if (!bayes && p.Has("alpha"))
        {
            throw new DetectionInputException("rki has no alpha parameter.");
        }

        return new ReferenceWindowOptions
        {
            B = AtLeast(p, "b", preset.B, 0),
            W = AtLeast(p, "w", preset.W, 0),
            ActY = p.Boolean("actY", preset.ActY),
            Alpha = bayes ? Probability(p, "alpha", 0.05) : 0.05,
        };
    }

    private static MovingPercentileDetector Cidars(DetectorParameters p) => new(new MovingPercentileOptions
    {
        WindowLength = p.Integer("window", 7),
        Neighbours = p.Integer("neighbours", 2),
        Years = p.Integer("years", 3),
        MinYears = p.Integer("minYears", 1),
        Percentile = p.Number("percentile", 50),
        MinCases = p.Number("minCases", 1),
    });

    private static PowerTransform Power(string? text) => text switch
    {
        null or "2/3" => PowerTransform.TwoThirds,
        "1/2" => PowerTransform.Half,
        "none" => PowerTransform.None,
        _ => throw new DetectionInputException($"powertrans '{text}' is not one of 2/3, 1/2, none."),
    };

    private static double Probability(DetectorParameters p, string key, double fallback)
    {
        var value = p.Number(key, fallback);
        return value is > 0 and < 1 ? value : throw new DetectionInputException($"Parameter '{key}' must be strictly between 0 and 1.");
    }

    private static double Positive(double value, string key) =>
        value > 0 ? value : throw new DetectionInputException($"Parameter '{key}' must be positive.");

    private static int AtLeast(DetectorParameters p, string key, int fallback, int minimum) =>
        p.Integer(key, fallback) is var value && value >= minimum
            ? value
            : throw new DetectionInputException($"Parameter '{key}' must be at least {minimum}.");
}
