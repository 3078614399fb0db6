using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>iif(), all() and repeat() as FHIRPath 2.0 §5 defines them.</summary>
public class FhirPathLambdaFunctionTests
{
    private static readonly Patient s_patient = new()
    {
        Name =
        [
            new HumanName { Family = "Li", Given = ["Wei"] },
            new HumanName { Family = "Wang" },
        ],
        Telecom = [new ContactPoint { Value = "a" }, new ContactPoint { Value = "b" }, new ContactPoint { Value = "c" }],
    };

    private static string Evaluate(string expression, Base? input = null) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(input ?? s_patient).Select(r => r.ToString()));

    [Theory]
    [InlineData("Patient.name.all(family.exists())", "true")]
    [InlineData("Patient.name.all(given.exists())", "false")]
    [InlineData("Patient.name.all(given = 'Wei')", "false")]
    [InlineData("Patient.name.all($index < 2)", "true")]
    [InlineData("{}.all(false)", "true")]
    public void GivenCriteria_WhenAllIsEvaluated_ThenEmptyCountsAsNotTrue(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("Patient.name.repeat('x')", "x")]
    [InlineData("Patient.name.repeat(family).count()", "2")]
    [InlineData("(1 | 2).repeat(iif($this < 5, $this + 2, {}))", "3, 4, 5, 6")]
    public void GivenAProjection_WhenRepeated_ThenEachResultAppearsOnce(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("Patient.telecom.select(iif(value = 'b', $index, {}))", "1")]
    [InlineData("('x').iif($this = 'x', 'yes', 'no')", "yes")]
    [InlineData("{}.iif(true, 'yes', 'no')", "yes")]
    [InlineData("(1 | 2 | 3).aggregate(iif($total.empty(), $this, $total + $this))", "6")]
    [InlineData("iif({}, 'yes')", "")]
    [InlineData("Patient.link.other.resolve().iif(empty(), 'none', 'some')", "none")]
    [InlineData("Patient.name.first().iif(empty(), 'none', family)", "Li")]
    public void GivenIif_WhenEvaluated_ThenThisIndexAndTotalKeepTheirMeaning(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("Patient.name.iif(true, 'yes', 'no')")]
    [InlineData("iif(Patient.name.family, 'yes', 'no')")]
    [InlineData("Patient.name.all(%resource.name.family)")]
    public void GivenSeveralItemsWhereOneIsExpected_WhenEvaluated_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate(expression));
}
