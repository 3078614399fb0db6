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
