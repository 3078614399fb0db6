using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>'is' binds tighter than '|', comparisons, equality and in/contains (FHIRPath 2.0 §6.9).</summary>
public class FhirPathPrecedenceTests
{
    private static string Evaluate(string expression) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(new Patient { Active = true }).Select(r => r.ToString()));

    [Theory]
    [InlineData("1 | 1 is Integer", "1, true")]
    [InlineData("(1 | 1) is Integer", "true")]
    [InlineData("(1 > 2) is Boolean", "true")]
    [InlineData("1 + 2 is Integer", "true")]
    [InlineData("2 is Integer and 'a' is String", "true")]
    [InlineData("true = 1 is Integer", "true")]
    [InlineData("('a' | 'b').select($this = 'a' is Boolean)", "false, false")]
    [InlineData("Patient.active = true is Boolean", "true")]
    public void GivenIsNextToALooserOperator_WhenEvaluated_ThenIsAppliesToTheNearestOperand(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void GivenAComparisonWithIs_WhenEvaluated_ThenTheComparisonOfMixedTypesFails() =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate("1 > 2 is Boolean"));
}
