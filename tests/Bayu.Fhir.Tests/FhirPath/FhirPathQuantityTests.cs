using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>Quantity equality, equivalence, ordering and arithmetic with UCUM units and calendar durations.</summary>
public class FhirPathQuantityTests
{
    private static readonly Patient s_input = new();

    private static string Evaluate(string expression, Base? input = null) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(input ?? s_input).Select(r => r.ToString()));

    [Theory]
    [InlineData("1 'kg' = 1000 'g'", "true")]
    [InlineData("1 'kg' = 1001 'g'", "false")]
    [InlineData("1 'cm' = 1 'cm2'", "")]
    [InlineData("1 year = 12 months", "true")]
    [InlineData("1 year = 1 'a'", "")]
    [InlineData("1 second = 1 's'", "true")]
    [InlineData("1 hour = 60 'min'", "true")]
    [InlineData("1 'xyz' = 1 'xyz'", "true")]
    [InlineData("1 'xyz' = 1 'abc'", "")]
    [InlineData("1 'mmol/L' = 1000 'umol/L'", "true")]
    [InlineData("1 'mmol/L' = 1 'meq/L'", "true")]
    [InlineData("1 'mmol/L' = 602213670000.0 '10*9/L'", "")]
    [InlineData("1 '10*9/L' = 1000 '10*6/L'", "true")]
    public void GivenTwoQuantities_WhenCompared_ThenUnitsAreConverted(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("1 year ~ 1 'a'", "true")]
    [InlineData("1.0 'kg' ~ 1004 'g'", "true")]
    [InlineData("1.5 'kg' ~ 1600 'g'", "false")]
    [InlineData("1.5 'kg' ~ 1540 'g'", "true")]
    [InlineData("1.00 'kg' ~ 1004 'g'", "true")]
    [InlineData("1 'cm' ~ 1 'cm2'", "false")]
    [InlineData("1 'cm' !~ 1 's'", "true")]
    public void GivenTwoQuantities_WhenTestedForEquivalence_ThenTheLessPreciseOperandDecides(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("1 'm' > 99 'cm'", "true")]
    [InlineData("1 '[in_i]' < 2.5 'cm'", "false")]
    [InlineData("1 'cm' < 1 's'", "")]
    [InlineData("11 months < 1 year", "true")]
    [InlineData("1 year > 1 'a'", "")]
    [InlineData("1 'mmol/L' < 2000 'umol/L'", "true")]
    [InlineData("1 'mmol/L' > 1 '10*9/L'", "")]
    [InlineData("1 'mmol/L' < 1 '10*9/L'", "")]
    public void GivenTwoQuantities_WhenOrdered_ThenOnlyTheSameDimensionCompares(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("5 'mg' + 1 'g'", "1005 'mg'")]
    [InlineData("(1 'g' - 500 'mg') = 0.5 'g'", "true")]
    [InlineData("2 'g' * 3", "6 'g'")]
    [InlineData("3 * 2 'g'", "6 'g'")]
    [InlineData("6 'g' / 4", "1.5 'g'")]
    [InlineData("6 'g' / 0", "")]
    [InlineData("3 'm' * 2 'm' = 6 'm2'", "true")]
    [InlineData("1 'g' + 1 's'", "")]
    public void GivenQuantities_WhenCombined_ThenUnitsFollowUcum(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void GivenAFhirQuantityElement_WhenComparedWithALiteral_ThenItsUcumCodeIsUsed()
    {
        var observation = new Observation { Value = new Quantity(180, "cm") };

        Assert.Equal("true", Evaluate("Observation.value = 1.8 'm' and Observation.value > 5 '[ft_i]'", observation));
    }

    [Fact]
    public void GivenAFhirQuantityOfAnotherSystem_WhenCompared_ThenOnlyTheSameUnitMatches()
    {
        var observation = new Observation { Value = new Quantity { Value = 2, Code = "tab", System = "http://example.org/units" } };

        Assert.Equal("true", Evaluate("Observation.value = 2 'tab'", observation));
    }
}
