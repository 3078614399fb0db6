using System.CommandLine;
using System.Globalization;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Surveillance;

namespace Bayu.Cli.Tests.Surveillance;

public sealed class SurveillanceDetectCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bayu-surv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void GivenAWeeklySeries_WhenEarsC1Runs_ThenTheCsvHoldsBoundsAndAlarmsAndTheExitCodeSignalsAlarms()
    {
        // Baseline 2,4,2,4,2,4,2 → mean 20/7, sd 1.0690; U = mean + 3.0902·sd = 6.16074; 30 exceeds it.
        var input = Write("weekly.csv", Series([2, 4, 2, 4, 2, 4, 2, 30, 3]));
        var (code, stdout, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "earsC", "--params", "{\"method\":\"C1\"}");

        var lines = stdout.Trim().Split('\n');
        Assert.Equal(CliRunner.Problems, code);
        Assert.Equal(DetectionCsv.Header, lines[0]);
        Assert.Equal(3, lines.Length);
        var first = lines[1].Split(',');
        Assert.Equal("8", first[0]);
        Assert.Equal(6.16074, double.Parse(first[3], CultureInfo.InvariantCulture), 4);
        Assert.Equal("1", first[4]);
        Assert.Equal("0", lines[2].Split(',')[4]);
        Assert.Contains("1 alarm(s)", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnOutFileAndARange_WhenRun_ThenOnlyThatRangeIsWritten()
    {
        var input = Write("weekly.csv", Series([2, 4, 2, 4, 2, 4, 2, 3, 3, 3]));
        var output = Path.Combine(_folder, "out.csv");
        var (code, stdout, _) = Run("surveillance", "detect", "--input", input, "--algorithm", "earsC_C1", "--range", "9:10", "--out", output);

        Assert.Equal(CliRunner.Ok, code);
        Assert.Empty(stdout);
        var lines = File.ReadAllLines(output);
        Assert.Equal(["9", "10"], lines.Skip(1).Select(l => l.Split(',')[0]));
    }

    [Theory]
    [InlineData("nonsense", null, "Unknown algorithm 'nonsense'")]
    [InlineData("earsC", "{\"method\":", "--params is not valid JSON")]
    [InlineData("earsC", "{\"bogus\":1}", "Unknown parameter(s) for earsC: bogus")]
    [InlineData("farrington", null, "history too short")]
    public void GivenBadAlgorithmOrParameters_WhenRun_ThenExitCodeIsTwoWithAClearMessage(string algorithm, string? json, string message)
    {
        var input = Write("weekly.csv", Series([2, 4, 2, 4, 2, 4, 2, 3, 3, 3]));
        string[] args = json is null
            ? ["surveillance", "detect", "--input", input, "--algorithm", algorithm]
            : ["surveillance", "detect", "--input", input, "--algorithm", algorithm, "--params", json];
        var (code, _, stderr) = Run(args);

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnsortedRows_WhenRun_ThenExitCodeIsTwo()
    {
        var input = Write("bad.csv", "t,date,year,epoch_in_year,count\n1,,2020,1,3\n3,,2020,3,1\n2,,2020,2,4\n");
        var (code, _, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "fixed");

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("rows must be sorted", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenANegativeCount_WhenRun_ThenExitCodeIsTwo()
    {
        var input = Write("bad.csv", "t,date,year,epoch_in_year,count\n1,,2020,1,3\n2,,2020,2,-4\n");
        var (code, _, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "fixed");

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("not a non-negative whole number", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("9:2")]
    [InlineData("0:4")]
    public void GivenABadRange_WhenRun_ThenExitCodeIsTwo(string range)
    {
        var input = Write("weekly.csv", Series([2, 4, 2, 4, 2, 4, 2, 3, 3, 3]));
        var (code, _, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "earsC", "--range", range);

        Assert.Equal(CliRunner.BadInput, code);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenADatedWeeklySeries_WhenDateBasedFarringtonRuns_ThenTheRangeStartsWhereRKeepsEveryReferenceWeek()
    {
        // Mondays from 2019-12-30; b = 3, w = 1. Index-based windows are complete from t = 158, but R's
        // refvalIdxByDate (t0 − 3 years, moved to the nearest Monday, − 1 week) first stays inside the
        // series at t = 159, 2023-01-09.
        var input = Write("dated.csv", DatedWeeks(new DateOnly(2019, 12, 30), 170));
        var (indexCode, indexOut, _) = Run("surveillance", "detect", "--input", input, "--algorithm", "farrington", "--params", "{\"b\":3,\"w\":1}");
        var (code, stdout, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "farrington", "--params", "{\"b\":3,\"w\":1,\"referenceWeeks\":\"date-based\"}");

        Assert.True(indexCode is CliRunner.Ok or CliRunner.Problems);
        Assert.True(code is CliRunner.Ok or CliRunner.Problems, stderr);
        Assert.Equal("158", indexOut.Split('\n')[1].Split(',')[0]);
        var first = stdout.Split('\n')[1].Split(',');
        Assert.Equal(["159", "2023-01-09"], first[..2]);
    }

    [Fact]
    public void GivenASeriesWithoutDates_WhenDateBasedReferenceWeeksAreAsked_ThenExitCodeIsTwo()
    {
        var input = Write("weekly.csv", Series([.. Enumerable.Repeat(3, 300)]));
        var (code, _, stderr) = Run("surveillance", "detect", "--input", input, "--algorithm", "farringtonFlexible", "--params", "{\"referenceWeeks\":\"date-based\"}");

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("need a date for every period", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAMissingInputFile_WhenRun_ThenExitCodeIsTwo()
    {
        var (code, _, stderr) = Run("surveillance", "detect", "--input", Path.Combine(_folder, "none.csv"), "--algorithm", "fixed");

        Assert.Equal(CliRunner.BadInput, code);
        Assert.Contains("not found", stderr, StringComparison.Ordinal);
    }

    private static string Series(int[] counts) =>
        "\"t\",\"date\",\"year\",\"epoch_in_year\",\"count\",\"state\"\n"
        + string.Concat(counts.Select((c, i) => $"{i + 1},,2020,{i + 1},{c},0\n"));

    private static string DatedWeeks(DateOnly first, int weeks) =>
        "t,date,year,epoch_in_year,count\n"
        + string.Concat(Enumerable.Range(0, weeks).Select(i =>
            $"{i + 1},{first.AddDays(7 * i):yyyy-MM-dd},{first.AddDays(7 * i).Year},{(i % 52) + 1},{3 + (i % 5)}\n"));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(SurveillanceCommands.Build());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliRunner.Run(root, args, stdout, stderr);
        return (code, stdout.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), stderr.ToString());
    }
}
