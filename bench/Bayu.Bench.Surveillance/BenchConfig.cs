using System.Text.Json;
using Bayu.Surveillance.Detection;

namespace Bayu.Bench.Surveillance;

/// <summary>One benchmarked configuration; <see cref="RKey"/> names its row in R's timings_raw.csv.</summary>
internal sealed record BenchConfig(string Label, string Algorithm, string Params, bool Weekly, string? RKey, double? RecordedRSeconds, bool Cheap)
{
    /// <summary>
    /// The configurations of r-region-bench.R plus Bayu's own (no R figure). R's sts objects there have
    /// Date epochs, so the Farrington rows use date-based reference weeks as R does.
    /// </summary>
    public static IReadOnlyList<BenchConfig> All { get; } =
    [
        new("earsC C1", "earsC", "{\"method\":\"C1\"}", false, "earsC_C1_daily", 13.75, true),
        new("earsC C2", "earsC", "{\"method\":\"C2\"}", false, "earsC_C2_daily", 13.12, true),
        new("earsC C3", "earsC", "{\"method\":\"C3\"}", false, "earsC_C3_daily", 16.48, true),
        new("cusum", "cusum", "{}", false, "cusum_daily", 9.58, true),
        new("glrpois (theta=log 1.2, cases)", "glrpois", "{\"theta\":0.1823215567939546,\"ret\":\"cases\"}", false, "glrpois_daily", 31.28, true),
        new("glrpois (GLR, value)", "glrpois", "{}", false, null, null, false),
        new("bayes (b=0,w=6)", "bayes", "{\"b\":0,\"w\":6,\"actY\":true}", false, "bayes_daily", 13.13, true),
        new("rki (b=2,w=4)", "rki", "{}", false, "rki_daily", 14.53, true),
        new("farringtonFlexible daily (b=3,w=7,noPeriods=10,nbPlugin)", "farringtonFlexible", "{\"b\":3,\"w\":7,\"noPeriods\":10,\"pastWeeksNotIncluded\":7,\"thresholdMethod\":\"nbPlugin\",\"referenceWeeks\":\"date-based\"}", false, "farringtonFlexible_daily", 1799.7, false),
        new("cidars MPM (7 d, P50)", "cidars", "{}", false, null, null, false),
        new("fixed threshold", "fixed", "{}", false, null, null, false),
        new("farringtonFlexible weekly (b=3,w=3,noPeriods=10,nbPlugin)", "farringtonFlexible", "{\"b\":3,\"w\":3,\"noPeriods\":10,\"pastWeeksNotIncluded\":3,\"thresholdMethod\":\"nbPlugin\",\"referenceWeeks\":\"date-based\"}", true, "farringtonFlexible_weekly", 123.3, false),
        new("farrington weekly (b=3,w=3)", "farrington", "{\"b\":3,\"w\":3,\"referenceWeeks\":\"date-based\"}", true, "farrington_weekly", 55.49, false),
    ];

    public IOutbreakDetector CreateDetector()
    {
        using var json = JsonDocument.Parse(Params);
        return DetectorCatalog.Create(Algorithm, json.RootElement.Clone()).Detector;
    }
}
