using System.Text.Json;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Ears;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Tests.Detection;

public class DetectorCatalogTests
{
    [Theory]
    [InlineData("nonsense", "{}", "Unknown algorithm")]
    [InlineData("farrington", "{\"bee\":3}", "Unknown parameter(s) for farrington: bee")]
    [InlineData("farrington", "{\"b\":\"three\"}", "'b' must be a number")]
    [InlineData("farrington", "{\"alpha\":1.5}", "strictly between 0 and 1")]
    [InlineData("farrington", "{\"referenceWeeks\":\"calendar\"}", "not one of index-based, date-based")]
    [InlineData("earsC", "{\"method\":\"C4\"}", "not one of C1, C2, C3")]
    [InlineData("glrpois", "{\"dir\":\"dec\"}", "not supported")]
    [InlineData("cusum", "{\"m\":-1}", "must be positive")]
    [InlineData("bayes", "{\"range\":[10,5]}", "is empty")]
    public void GivenBadAlgorithmOrParameters_WhenCreated_ThenAClearErrorIsRaised(string algorithm, string json, string message)
    {
        var ex = Assert.Throws<DetectionInputException>(() => DetectorCatalog.Create(algorithm, JsonDocument.Parse(json).RootElement));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenEarsParameters_WhenCreated_ThenTheyReachTheDetector()
    {
        var setup = DetectorCatalog.Create("earsC", JsonDocument.Parse("{\"method\":\"C3\",\"baseline\":10,\"c3\":\"textbook\",\"range\":[20,30]}").RootElement);
        var ears = Assert.IsType<EarsDetector>(setup.Detector);
        Assert.Equal(new EarsOptions { Method = EarsMethod.C3, Baseline = 10, C3 = C3Variant.Textbook }, ears.Options);
        Assert.Equal((20, 30), (setup.RangeFrom!.Value, setup.RangeTo!.Value));
        Assert.Equal(0.025, ears.Options.EffectiveAlpha);
    }

    [Fact]
    public void GivenARangeBeforeTheBaselineIsAvailable_WhenDetecting_ThenTheDetectorRefuses()
    {
        var series = new CountSeries([.. Enumerable.Repeat(3.0, 300)], TimeUnit.IsoWeek, 52);
        var setup = DetectorCatalog.Create("farrington", null);
        var ex = Assert.Throws<DetectionInputException>(() => setup.Detector.Detect(series, 100, 200));
        Assert.Contains("first time point that can be evaluated is t=264", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAMissingPeriodInTheBaseline_WhenDetecting_ThenTheDetectorRefuses()
    {
        var missing = new bool[30];
        missing[10] = true;
        var series = new CountSeries([.. Enumerable.Repeat(3.0, 30)], TimeUnit.Day, 365, missing: missing);
        var ex = Assert.Throws<DetectionInputException>(() => new EarsDetector(new EarsOptions()).Detect(series, 12, 30));
        Assert.Contains("t=11 is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAConstantBaseline_WhenC3RunsWithoutMinSigma_ThenBoundAndAlarmAreNotAvailable()
    {
        var counts = Enumerable.Repeat(2.0, 20).ToArray();
        var series = new CountSeries(counts, TimeUnit.Day, 365);
        var row = new EarsDetector(new EarsOptions { Method = EarsMethod.C3 }).Detect(series, 15, 15)[0];
        Assert.True(double.IsNaN(row.UpperBound));
        Assert.Null(row.Alarm);
    }

    [Fact]
    public void GivenTwoLaggedExcesses_WhenTextbookC3Runs_ThenTheCurrentValueAlsoCounts()
    {
        // Baseline 1,2,1,2,... then two high days: the package variant alarms on the lag terms alone,
        // the textbook variant adds the current day's excess, so a quiet current day can differ.
        double[] counts = [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 9, 1, 1];
        var series = new CountSeries(counts, TimeUnit.Day, 365);
        var package = new EarsDetector(new EarsOptions { Method = EarsMethod.C3 }).Detect(series, 15, 15)[0];
        var textbook = new EarsDetector(new EarsOptions { Method = EarsMethod.C3, C3 = C3Variant.Textbook }).Detect(series, 15, 15)[0];
        Assert.Equal(package.Statistic, textbook.Statistic, 12);
        Assert.Equal(package.Statistic > 1.959963984540054, textbook.Alarm);
    }
}
