using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>+ - * / on numbers, strings and dates (FHIRPath 2.0 §6.5, §6.6), with and without an input.</summary>
public class FhirPathArithmeticTests
{
    private static string Evaluate(string expression, Base? input = null) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(input).Select(r => $"{r.TypeName}:{r}"));

    [Theory]
    [InlineData("1 + 2", "System.Integer:3")]
    [InlineData("1 + 2.5", "System.Decimal:3.5")]
    [InlineData("2 * 3", "System.Integer:6")]
    [InlineData("7 / 2", "System.Decimal:3.5")]
    [InlineData("1 / 0", "")]
    [InlineData("5 - 7", "System.Integer:-2")]
    [InlineData("'a' + 'b'", "System.String:ab")]
    [InlineData("1 + {}", "")]
    [InlineData("{} * 2", "")]
    public void GivenNoInput_WhenArithmeticIsEvaluated_ThenTheOperandsDecide(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("@2014-01-31T10:00:00.000+08:00 + 1 day", "2014-02-01T10:00:00.000+08:00")]
    [InlineData("@2014-01-31T10:00:00.000+08:00 - 500 'ms'", "2014-01-31T09:59:59.500+08:00")]
    [InlineData("@2014-01-31T10:00 + 90 minutes", "2014-01-31T11:30")]
    [InlineData("@2014-01-31T10:00:00 + 1 month", "2014-02-28T10:00:00")]
    [InlineData("@2019-03-01 + 24 months", "2021-03-01")]
    [InlineData("@2014 + 23 months", "2015")]
    public void GivenADateTimePlusAQuantity_WhenEvaluated_ThenThePrecisionOfTheInputIsKept(string expression, string expected) =>
        Assert.Equal(expected, FhirPathEngine.Default.Compile(expression).Select(new Patient()).Single().ToString());

    [Theory]
    [InlineData("'a' - 'b'")]
    [InlineData("true + 1")]
    [InlineData("(1 | 2) + 1")]
    public void GivenIncompatibleOperands_WhenArithmeticIsEvaluated_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => FhirPathEngine.Default.Compile(expression).Select(null));

    [Fact]
    public void GivenModelElements_WhenUsedInArithmetic_ThenTheirValuesAreUsed()
    {
        var patient = new Patient { MultipleBirth = new Integer(2), BirthDate = "2000-02-29" };

        Assert.True(FhirPathEngine.Default.Predicate(patient, "(Patient.multipleBirth as integer) * 2 = 4 and Patient.birthDate + 1 year = @2001-02-28"));
    }
}
