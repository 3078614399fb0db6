using Bayu.Surveillance.Cidars;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Tests.Cidars;

public class MovingPercentileTests
{
    private static readonly DateOnly s_start = new(2021, 1, 1);

    [Fact]
    public void GivenFifteenBaselineWindows_WhenEvaluated_ThenThresholdIsTheType7MedianAndTheAlarmIsStrict()
    {
        // Baseline windows end on anchor + 7j (j = −2..2) in 2021, 2022 and 2023; one case count on the
        // last day of each window makes the window sums exactly 0..14, so P50 = 7 and P80 = 11.2.
        var counts = new double[DaysUntil(new DateOnly(2024, 12, 31)) + 1];
        var value = 0;
        foreach (var anchor in new[] { new DateOnly(2021, 6, 15), new DateOnly(2022, 6, 15), new DateOnly(2023, 6, 15) })
        {
            for (var j = -2; j <= 2; j++)
            {
                counts[DaysUntil(anchor.AddDays(7 * j))] = value++;
            }
        }

        var today = DaysUntil(new DateOnly(2024, 6, 15));
        counts[today] = 7;
        counts[today + 7] = 8;
        var series = Daily(counts);
        var detector = new MovingPercentileDetector(new MovingPercentileOptions());

        var atSeven = detector.Detect(series, today + 1, today + 1)[0];
        var atEight = detector.Detect(series, today + 8, today + 8)[0];

        Assert.Equal(15, atSeven.ReferenceCount);
        Assert.Equal(7, atSeven.UpperBound, 12);
        Assert.Equal(7, atSeven.Expected, 12);
        Assert.Equal(7, atSeven.Statistic);
        Assert.False(atSeven.Alarm);
        Assert.Equal(8, atEight.Statistic);
        Assert.True(atEight.Alarm);

        var p80 = new MovingPercentileDetector(new MovingPercentileOptions { Percentile = 80 }).Detect(series, today + 1, today + 1)[0];
        Assert.Equal(11.2, p80.UpperBound, 12);
    }

    [Fact]
    public void GivenTheLeapDay_WhenEvaluated_ThenPreviousYearsAnchorOnTwentyEighthFebruary()
    {
        var counts = new double[DaysUntil(new DateOnly(2024, 12, 31)) + 1];
        // A count on 28 Feb of each earlier year sits in the j = 0 window only if 29 Feb maps to 28 Feb;
        // the same count on 1 March would fall in the next window instead.
        counts[DaysUntil(new DateOnly(2021, 2, 28))] = 30;
        counts[DaysUntil(new DateOnly(2022, 2, 28))] = 30;
        counts[DaysUntil(new DateOnly(2023, 2, 28))] = 30;
        counts[DaysUntil(new DateOnly(2021, 3, 1))] = 1;
        var series = Daily(counts);
        var t = DaysUntil(new DateOnly(2024, 2, 29)) + 1;

        var row = new MovingPercentileDetector(new MovingPercentileOptions { Percentile = 100 }).Detect(series, t, t)[0];

        // Windows of 2021: ends 14.2, 21.2, 28.2, 7.3, 14.3 → sums 0, 0, 30, 1, 0; likewise 2022/2023 without the 1.
        Assert.Equal(15, row.ReferenceCount);
        Assert.Equal(30, row.UpperBound);
        Assert.Equal(91.0 / 15, row.Expected, 12);
    }

    [Fact]
    public void GivenOnlyOneCompletePastYear_WhenEvaluated_ThenTheBaselineUsesThatYearAlone()
    {
        var counts = new double[DaysUntil(new DateOnly(2022, 12, 31)) + 1];
        foreach (var (day, n) in new[] { (new DateOnly(2021, 3, 1), 2.0), (new DateOnly(2021, 3, 8), 4.0), (new DateOnly(2021, 3, 15), 6.0), (new DateOnly(2021, 3, 22), 8.0), (new DateOnly(2021, 3, 29), 10.0) })
        {
            counts[DaysUntil(day)] = n;
        }

        counts[DaysUntil(new DateOnly(2022, 3, 15))] = 7;
        var series = Daily(counts);
        var t = DaysUntil(new DateOnly(2022, 3, 15)) + 1;

        var row = new MovingPercentileDetector(new MovingPercentileOptions()).Detect(series, t, t)[0];

        Assert.Equal(5, row.ReferenceCount);
        Assert.Equal(6, row.UpperBound, 12);
        Assert.True(row.Alarm);
    }

    [Fact]
    public void GivenLessThanAYearOfHistory_WhenEvaluated_ThenTheDetectorRefusesAndNamesTheFirstUsableDay()
    {
        var series = Daily(new double[DaysUntil(new DateOnly(2022, 12, 31)) + 1]);
        var detector = new MovingPercentileDetector(new MovingPercentileOptions());

        // The first complete year window needs 2021-01-01 = anchor − 20 days, i.e. t on 2022-01-21.
        var earliest = detector.EarliestStart(series);
        var ex = Assert.Throws<DetectionInputException>(() => detector.Detect(series, earliest - 1, earliest));

        Assert.Equal(DaysUntil(new DateOnly(2022, 1, 21)) + 1, earliest);
        Assert.Contains("history too short", ex.Message, StringComparison.Ordinal);
        Assert.Single(detector.Detect(series, earliest, earliest));
    }

    [Theory]
    [InlineData(1, "2022-01-21")]
    [InlineData(2, "2023-01-21")]
    [InlineData(3, "2024-01-21")]
    public void GivenMinimumYears_WhenTheEarliestStartIsAsked_ThenItIsTheFirstDayWithThatManyCompleteYears(int minYears, string firstDay)
    {
        var series = Daily(new double[DaysUntil(new DateOnly(2025, 12, 31)) + 1]);
        var detector = new MovingPercentileDetector(new MovingPercentileOptions { MinYears = minYears });

        Assert.Equal(DaysUntil(DateOnly.Parse(firstDay, System.Globalization.CultureInfo.InvariantCulture)) + 1, detector.EarliestStart(series));
    }

    [Fact]
    public void GivenAZeroBaselineAndNoCases_WhenEvaluated_ThenMinCasesSuppressesTheSignal()
    {
        var counts = new double[DaysUntil(new DateOnly(2022, 12, 31)) + 1];
        var series = Daily(counts);
        var t = series.Length;

        var row = new MovingPercentileDetector(new MovingPercentileOptions()).Detect(series, t, t)[0];

        Assert.Equal(0, row.UpperBound);
        Assert.False(row.Alarm);
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, 50, 2.5)]
    [InlineData(new double[] { 10, 0, 5 }, 25, 2.5)]
    [InlineData(new double[] { 3 }, 80, 3)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, 100, 5)]
    public void GivenValues_WhenType7PercentileTaken_ThenItInterpolatesLikeR(double[] values, double percent, double expected) =>
        Assert.Equal(expected, Percentile.Type7(values, percent), 12);

    private static int DaysUntil(DateOnly date) => date.DayNumber - s_start.DayNumber;

    private static CountSeries Daily(double[] counts) =>
        new(counts, TimeUnit.Day, 365, 1, [.. Enumerable.Range(0, counts.Length).Select(i => s_start.AddDays(i))]);
}
