using System.Text.Json;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Region;
using Bayu.Surveillance.Series;
using Bayu.Surveillance.Tests.Golden;

namespace Bayu.Surveillance.Tests.Region;

public class RegionRunnerTests
{
    private static readonly string[][] s_configs =
    [
        ["earsC", "{\"method\":\"C3\"}"],
        ["glrpois", "{}"],
        ["glrpois", "{\"theta\":0.1823215567939546,\"ret\":\"cases\"}"],
        ["farringtonFlexible", "{\"b\":2,\"w\":7,\"noPeriods\":10,\"pastWeeksNotIncluded\":7,\"thresholdMethod\":\"nbPlugin\"}"],
        ["cidars", "{}"],
    ];

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, -1)]
    public void GivenManySeries_WhenRunAcrossCores_ThenEveryCellEqualsASingleDetectCall(int lastPeriods, int parallelism)
    {
        var daily = GoldenSet.Shipped.Input("synthetic_daily");
        // Distinct series: the golden one and its shorter prefixes (each is its own region member).
        var series = Enumerable.Range(0, 6).Select(i => Prefix(daily, daily.Length - (37 * i))).ToArray();
        var detectors = s_configs.Select(c => Detector(c[0], c[1])).ToArray();

        var cells = RegionRunner.Run(series, detectors, lastPeriods, parallelism);

        Assert.Equal(series.Length * detectors.Length, cells.Length);
        for (var s = 0; s < series.Length; s++)
        {
            for (var d = 0; d < detectors.Length; d++)
            {
                var cell = cells[(s * detectors.Length) + d];
                Assert.Equal((s, d, (string?)null), (cell.Series, cell.Detector, cell.Error));
                var to = series[s].Length;
                var expected = Detector(s_configs[d][0], s_configs[d][1]).Detect(series[s], to - lastPeriods + 1, to);
                Assert.Equal(expected, cell.Rows);
            }
        }
    }

    [Fact]
    public void GivenASeriesTooShortForADetector_WhenRun_ThenOnlyThatCellCarriesTheError()
    {
        var daily = GoldenSet.Shipped.Input("synthetic_daily");
        var series = new[] { daily, Prefix(daily, 400) };
        var detectors = new[] { Detector("earsC", "{}"), Detector("farringtonFlexible", "{\"b\":3,\"w\":3}") };

        var cells = RegionRunner.Run(series, detectors, 1);

        Assert.All(cells.Where(c => c.Series == 0 || c.Detector == 0), c => Assert.Null(c.Error));
        var failed = cells.Single(c => c.Series == 1 && c.Detector == 1);
        Assert.Contains("history too short", failed.Error, StringComparison.Ordinal);
        Assert.Empty(failed.Rows);
    }

    private static IOutbreakDetector Detector(string algorithm, string json) =>
        DetectorCatalog.Create(algorithm, JsonDocument.Parse(json).RootElement).Detector;

    private static CountSeries Prefix(CountSeries s, int length) =>
        new(s.Counts[..length].ToArray(), s.Unit, s.Frequency, s.StartEpochInYear, s.Dates!.Take(length).ToArray());
}
