using Bayu.Surveillance.Tests.Golden;

namespace Bayu.Surveillance.Tests.DateEpochs;

/// <summary>
/// Replays the runs R <c>surveillance</c> 1.20.3 made on series with Date epochs
/// (make_date_epoch_goldens.R: weekly Monday and Sunday weeks over the 53-week ISO years 2015 and
/// 2020, daily series over 29 February 2020 and 2024, low counts for limit54), with date-based
/// and index-based reference weeks, and glrpois with a known theta.
/// </summary>
public class DateEpochReplayTests
{
    // Every run here fits a GLM (Farrington models, or glrpois' seasonal μ0).
    private const double Tolerance = 1e-6;

    public static TheoryData<string> RunIds()
    {
        var data = new TheoryData<string>();
        foreach (var run in GoldenSet.DateEpochs.Runs)
        {
            data.Add(run.Id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RunIds))]
    public void GivenARunOnDateEpochs_WhenReplayed_ThenAlarmsBoundsAndExpectedMatchR(string runId)
    {
        var run = GoldenSet.DateEpochs.Runs.Single(r => r.Id == runId);
        var problems = GoldenReplay.Mismatches(GoldenSet.DateEpochs, run, Tolerance);
        Assert.True(problems.Count == 0, $"{problems.Count} mismatches in {runId}:\n" + string.Join("\n", problems.Take(8)));
    }

    [Fact]
    public void GivenTheRunList_WhenLoaded_ThenEveryRunHasOutputAndDateBasedRunsAreCovered()
    {
        var runs = GoldenSet.DateEpochs.Runs;
        Assert.Equal(44, runs.Count);
        Assert.All(runs, run => Assert.NotEmpty(GoldenSet.DateEpochs.Output(run)));
        Assert.Equal(26, runs.Count(r => r.ParamsJson.Contains("\"date-based\"", StringComparison.Ordinal)));
    }
}
