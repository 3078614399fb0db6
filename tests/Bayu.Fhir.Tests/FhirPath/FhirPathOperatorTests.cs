using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>Operators propagate empty only from their operands, never from an empty input.</summary>
public class FhirPathOperatorTests
{
    private static IReadOnlyList<Base> Evaluate(string expression, Base? input = null) =>
        FhirPathEngine.Default.Compile(expression).Select(input);

    [Theory]
    [InlineData("-1", "-1")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("+2", "2")]
    [InlineData("-(5 'mg')", "-5 'mg'")]
    [InlineData("1 = 1", "true")]
    [InlineData("1 != 1", "false")]
    [InlineData("'a' = 'b'", "false")]
    [InlineData("2 > 1", "true")]
    [InlineData("2 <= 1", "false")]
    [InlineData("@2014 < @2015", "true")]
    public void GivenNoInput_WhenAnOperatorHasOperands_ThenItIsEvaluated(string expression, string expected) =>
        Assert.Equal(expected, Assert.Single(Evaluate(expression)).ToString());

    [Theory]
    [InlineData("-{}")]
    [InlineData("{} = 1")]
    [InlineData("1 != {}")]
    [InlineData("{} < 1")]
    [InlineData("Patient.name.given = 'x'")]
    public void GivenAnEmptyOperand_WhenOperatorApplied_ThenTheResultIsEmpty(string expression) =>
        Assert.Empty(Evaluate(expression));

    [Fact]
    public void GivenAResource_WhenOperatorsCompareItsElements_ThenTheyStillWork()
    {
        var patient = new Patient { Active = true, BirthDate = "1980-02-03", MultipleBirth = new Integer(2) };

        Assert.True(FhirPathEngine.Default.Predicate(patient, "Patient.active = true and Patient.birthDate < @2000-01-01 and -(Patient.multipleBirth as integer) = -2"));
    }

    [Theory]
    [InlineData("-'text'")]
    [InlineData("(1 | 2) > 1")]
    public void GivenAnInvalidOperand_WhenOperatorApplied_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate(expression));
}
