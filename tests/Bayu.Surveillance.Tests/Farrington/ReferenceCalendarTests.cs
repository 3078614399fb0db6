using System.Text.Json;
using Bayu.Surveillance.Detection;
using Bayu.Surveillance.Farrington;
using Bayu.Surveillance.Series;

namespace Bayu.Surveillance.Tests.Farrington;

/// <summary>Date-based reference weeks; the expected values were printed by R surveillance 1.20.3.</summary>
public class ReferenceCalendarTests
{
    private static readonly DateOnly[] s_mondays = Weeks(new DateOnly(2014, 12, 29), new DateOnly(2024, 12, 30));

    [Theory]
    [InlineData("2024-02-29", 1, "2023-03-01")]
    [InlineData("2024-02-29", 4, "2020-02-29")]
    [InlineData("2024-02-29", 5, "2019-03-01")]
    [InlineData("2024-03-31", 1, "2023-03-31")]
    public void GivenADate_WhenGoingBackYears_ThenSeqDatesRuleApplies(string date, int years, string expected)
    {
        Assert.Equal(DateOnly.Parse(expected), ReferenceCalendar.YearsBack(DateOnly.Parse(date), years));
    }

    [Fact]
    public void GivenWeeklyMondays_WhenFlexibleReferencePointsAreFound_ThenEachMovesToTheNearestMonday()
    {
        // R: algo.farrington.referencetimepoints(2024-12-30, b = 3, epochStr = "week")
        // = 2024-12-30, 2024-01-01, 2023-01-02, 2021-12-27.
        var calendar = ReferenceCalendar.For(Series(s_mondays, 52), "test");
        var points = calendar.FlexibleReferencePoints(s_mondays.Length, 3, "test");
        Assert.Equal(["2024-12-30", "2024-01-01", "2023-01-02", "2021-12-27"], points.Select(t => calendar.DateAt(t).ToString("yyyy-MM-dd", null)));
    }

    [Fact]
    public void GivenWeeklyMondays_WhenFarringtonWindowsAreFound_ThenTheyAreRsRefvalIdxByDate()
    {
        // R: refvalIdxByDate(t0 = 2024-12-30, b = 3, w = 2, epochStr = "1 week") on the same dates.
        int[] expected = [469, 470, 471, 472, 473, 417, 418, 419, 420, 421, 364, 365, 366, 367, 368];
        var calendar = ReferenceCalendar.For(Series(s_mondays, 52), "test");
        Assert.Equal(expected.Order(), calendar.FarringtonWindows(s_mondays.Length, 3, 2, "test").Order());
    }

    [Fact]
    public void GivenDailyData_WhenWindowsAroundTheLeapDayAreFound_ThenTheyCentreOnTheFirstOfMarch()
    {
        // R: refvalIdxByDate(t0 = 2024-02-29, b = 2, w = 1, epochStr = "1 day") from 2019-01-01.
        var days = Enumerable.Range(0, 2008).Select(i => new DateOnly(2019, 1, 1).AddDays(i)).ToArray();
        var calendar = ReferenceCalendar.For(Series(days, 365), "test");
        var k = Array.IndexOf(days, new DateOnly(2024, 2, 29)) + 1;
        Assert.Equal(new[] { 1520, 1521, 1522, 1155, 1156, 1157 }.Order(), calendar.FarringtonWindows(k, 2, 1, "test").Order());
    }

    [Fact]
    public void GivenDateBasedFarrington_WhenTheEarliestStartIsAsked_ThenItIsTheFirstWeekRWouldNotDropReferences()
    {
        // R drops reference weeks (with a warning) for every k < 265 here; index-based would start at 264.
        var setup = DetectorCatalog.Create("farrington", JsonDocument.Parse("{\"referenceWeeks\":\"date-based\"}").RootElement);
        Assert.Equal(265, setup.Detector.EarliestStart(Series(s_mondays, 52)));
    }

    [Theory]
    [InlineData(false, 52, "need a date for every period")]
    [InlineData(true, 12, "freq 52 or 365")]
    public void GivenASeriesWithoutAUsableCalendar_WhenDateBasedDetectionRuns_ThenItIsRefused(bool withDates, int frequency, string message)
    {
        var counts = Enumerable.Repeat(3.0, s_mondays.Length).ToArray();
        var series = new CountSeries(counts, TimeUnit.IsoWeek, frequency, dates: withDates ? s_mondays : null);
        var detector = DetectorCatalog.Create("farringtonFlexible", JsonDocument.Parse("{\"referenceWeeks\":\"date-based\"}").RootElement).Detector;
        var ex = Assert.Throws<DetectionInputException>(() => detector.Detect(series, 400, 410));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenMoreBlocksThanTheGapBetweenWindowsHolds_WhenFlexibleRunsDateBased_ThenItIsRefusedInsteadOfGarbledAsInR()
    {
        // Weekly, w = 3: 52 − 2·3 − 1 = 45 weeks between windows cannot hold 49 blocks.
        var detector = DetectorCatalog.Create("farringtonFlexible",
            JsonDocument.Parse("{\"referenceWeeks\":\"date-based\",\"w\":3,\"noPeriods\":50}").RootElement).Detector;
        var ex = Assert.Throws<DetectionInputException>(() => detector.Detect(Series(s_mondays, 52), 400, 410));
        Assert.Contains("cannot hold noPeriods − 1 = 49 blocks", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenASeriesWhoseDatesSkipAWeek_WhenAReferenceDateFallsInTheHole_ThenItIsRefusedAndNamesTheDate()
    {
        // Drop one Monday from the calendar: the series is no longer regular, and a reference week
        // one year before a late time point lands on the missing date.
        var missing = s_mondays[400 - 52];
        var dates = s_mondays.Where(d => d != missing).ToArray();
        var detector = DetectorCatalog.Create("farrington", JsonDocument.Parse("{\"referenceWeeks\":\"date-based\",\"b\":1,\"w\":1}").RootElement).Detector;
        var ex = Assert.Throws<DetectionInputException>(() => detector.Detect(Series(dates, 52), 399, 399));
        Assert.Contains(missing.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenASingleReferenceValue_WhenFarringtonRuns_ThenItIsRefusedAsTooShortABaselineInsteadOfFailingInTheAlgebra()
    {
        var detector = DetectorCatalog.Create("farrington", JsonDocument.Parse("{\"b\":1,\"w\":0}").RootElement).Detector;
        var ex = Assert.Throws<DetectionInputException>(() => detector.Detect(Series(s_mondays, 52), 400, 400));
        Assert.Contains("1 reference value(s) cannot fit the Farrington model", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("farrington", "{\"b\":0}", "Parameter 'b' must be at least 1.")]
    [InlineData("farringtonFlexible", "{\"w\":-1}", "Parameter 'w' must be at least 0.")]
    [InlineData("rki", "{\"w\":-2}", "Parameter 'w' must be at least 0.")]
    public void GivenANegativeOrEmptyBaseline_WhenTheDetectorIsCreated_ThenItIsRefused(string algorithm, string json, string message) =>
        Assert.Equal(message, Assert.Throws<DetectionInputException>(() => DetectorCatalog.Create(algorithm, JsonDocument.Parse(json).RootElement)).Message);

    private static CountSeries Series(DateOnly[] dates, int frequency) =>
        new([.. dates.Select((_, i) => (double)(i % 7))], frequency == 365 ? TimeUnit.Day : TimeUnit.IsoWeek, frequency, dates: dates);

    private static DateOnly[] Weeks(DateOnly first, DateOnly last)
    {
        var weeks = new List<DateOnly>();
        for (var d = first; d <= last; d = d.AddDays(7))
        {
            weeks.Add(d);
        }

        return [.. weeks];
    }
}
