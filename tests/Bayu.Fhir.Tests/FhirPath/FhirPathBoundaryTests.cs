using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>lowBoundary()/highBoundary()/precision() cases the official suite does not cover.</summary>
public class FhirPathBoundaryTests
{
    private static string Single(string expression, Base? input = null) =>
        SuiteValue(FhirPathEngine.Default.Compile(expression).Select(input).Single());

    private static string SuiteValue(Base value) => value.ToString() ?? "";

    [Theory]
    [InlineData("@2014.lowBoundary()", "2014-01-01")]
    [InlineData("@2014.highBoundary()", "2014-12-31")]
    [InlineData("@2016-02.highBoundary()", "2016-02-29")]
    [InlineData("@2015-02.highBoundary()", "2015-02-28")]
    [InlineData("@2014-01-05.lowBoundary(4)", "2014")]
    [InlineData("@2014-03.highBoundary(8)", "2014-03-31")]
    public void GivenADate_WhenBounded_ThenMissingPartsAreFilled(string expression, string expected) =>
        Assert.Equal(expected, Single(expression));

    [Theory]
    [InlineData("@2014-01-01T08:05:30.250+05:30.lowBoundary()", "2014-01-01T08:05:30.250+05:30")]
    [InlineData("@2014-01-01T08:05:30.250+05:30.highBoundary()", "2014-01-01T08:05:30.250+05:30")]
    [InlineData("@2014-12.highBoundary()", "2014-12-31")]
    [InlineData("@2014-12-31T23.highBoundary()", "2014-12-31T23:59:59.999-12:00")]
    [InlineData("@2014-12-31T23.lowBoundary()", "2014-12-31T23:00:00.000+14:00")]
    [InlineData("@2014-12-31T23:10Z.highBoundary(14)", "2014-12-31T23:10:59+00:00")]
    public void GivenADateTime_WhenBounded_ThenTheOffsetIsKeptOrTheWidestIsUsed(string expression, string expected) =>
        Assert.Equal(expected, Single(expression));

    [Theory]
    [InlineData("@T10.lowBoundary()", "10:00:00.000")]
    [InlineData("@T10.highBoundary()", "10:59:59.999")]
    [InlineData("@T10:30:15.highBoundary(4)", "10:30")]
    public void GivenATime_WhenBounded_ThenMissingPartsAreFilled(string expression, string expected) =>
        Assert.Equal(expected, Single(expression).TrimStart('T'));

    [Theory]
    [InlineData("0.lowBoundary(1)", "-0.5")]
    [InlineData("0.highBoundary(1)", "0.5")]
    [InlineData("(-1.5).lowBoundary(0)", "-2")]
    [InlineData("(-1.5).highBoundary(0)", "-1")]
    [InlineData("1.587.lowBoundary(3)", "1.586")]
    [InlineData("1.587.highBoundary(3)", "1.588")]
    [InlineData("1.587.lowBoundary(28)", "1.5865000000000000000000000000")]
    [InlineData("1.123456789012.lowBoundary()", "1.1234567890115")]
    public void GivenADecimal_WhenBounded_ThenTheBoundariesEncloseTheInput(string expression, string expected) =>
        Assert.Equal(expected, Single(expression));

    [Theory]
    [InlineData("1.587.lowBoundary(29)")]
    [InlineData("1.587.highBoundary(-1)")]
    [InlineData("@2014.lowBoundary(5)")]
    [InlineData("@2014-01-01T10.highBoundary(9)")]
    [InlineData("@T10.lowBoundary(8)")]
    [InlineData("'text'.lowBoundary()")]
    [InlineData("{}.highBoundary()")]
    public void GivenAnUnsupportedPrecisionOrType_WhenBounded_ThenTheResultIsEmpty(string expression) =>
        Assert.Empty(FhirPathEngine.Default.Compile(expression).Select(null));

    [Theory]
    [InlineData("(1.5 | 2.5).lowBoundary()")]
    [InlineData("(1.5 | 2.5).precision()")]
    public void GivenSeveralItems_WhenBounded_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => FhirPathEngine.Default.Compile(expression).Select(null));

    [Theory]
    [InlineData("1.precision()", "0")]
    [InlineData("@2014-01.precision()", "6")]
    [InlineData("@2014-01-05T10.precision()", "10")]
    [InlineData("@2014-01-05T10:30:15.precision()", "14")]
    [InlineData("@T10:30:15.precision()", "6")]
    public void GivenAValue_WhenAskedItsPrecision_ThenTheWrittenDigitsAreCounted(string expression, string expected) =>
        Assert.Equal(expected, Single(expression));

    [Fact]
    public void GivenAFhirDateElement_WhenBounded_ThenItIsTreatedAsADate()
    {
        var patient = new Patient { BirthDate = "1980-02" };

        Assert.Equal("1980-02-29", Single("Patient.birthDate.highBoundary()", patient));
    }

    [Fact]
    public void GivenAQuantity_WhenBounded_ThenTheUnitIsKept()
    {
        var bounded = FhirPathEngine.Default.Compile("2.5 'mg'.highBoundary(2)").Select(null).Single();

        Assert.Equal("2.55 'mg'", bounded.ToString());
    }
}
