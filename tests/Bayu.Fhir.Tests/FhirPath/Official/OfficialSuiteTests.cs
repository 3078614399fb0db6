namespace Bayu.Fhir.Tests.FhirPath.Official;

/// <summary>
/// The official FHIRPath R4 suite, one xunit case per suite test. Cases the SDK's engine still
/// gets wrong are listed with their reason in <see cref="KnownDeviations"/> and must keep failing
/// (so a fix upstream or in Bayu is noticed and the entry removed).
/// </summary>
public class OfficialSuiteTests
{
    public static TheoryData<string> Passing() => [.. OfficialSuite.Cases.Keys.Where(k => !KnownDeviations.Reasons.ContainsKey(k))];

    public static TheoryData<string> Deviating() => [.. KnownDeviations.Reasons.Keys];

    [Theory]
    [MemberData(nameof(Passing))]
    public void GivenAnOfficialSuiteTest_WhenEvaluated_ThenTheResultMatches(string test)
    {
        var failure = SuiteRunner.Run(OfficialSuite.Get(test));

        Assert.True(failure is null, $"{test} ({OfficialSuite.Get(test).Expression}): {failure}");
    }

    [Theory]
    [MemberData(nameof(Deviating))]
    public void GivenADocumentedDeviation_WhenEvaluated_ThenItStillFails(string test)
    {
        Assert.True(OfficialSuite.Cases.ContainsKey(test), $"{test} is not in the suite");

        var failure = SuiteRunner.Run(OfficialSuite.Get(test));

        Assert.True(failure is not null, $"{test} passes now: remove it from {nameof(KnownDeviations)}.");
    }

    [Fact]
    public void GivenTheSuiteFile_WhenLoaded_ThenEveryTestIsPresent()
    {
        // The file holds 937 <test> elements; two of them sit inside an XML comment (the R4
        // suite's disabled cases), so 935 are live.
        Assert.Equal(935, OfficialSuite.Cases.Count);
    }
}
