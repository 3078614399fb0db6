using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>Regular-expression functions, boolean aggregates and conformsTo() beyond the official suite.</summary>
public class FhirPathFunctionTests
{
    private static string Evaluate(string expression, Base? input = null) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(input).Select(r => r.ToString()));

    [Theory]
    [InlineData("'a\nb'.matches('a.b')", "true")]
    [InlineData("'ABC'.matches('abc')", "false")]
    [InlineData("'abc'.matches('^b')", "false")]
    [InlineData("'a\nb'.matchesFull('a.b')", "true")]
    [InlineData("'11/30/1972'.replaceMatches('\\\\b(?<month>\\\\d{1,2})/(?<day>\\\\d{1,2})/(?<year>\\\\d{2,4})\\\\b', '${day}-${month}-${year}')", "30-11-1972")]
    [InlineData("'abc'.replaceMatches('', 'x')", "abc")]
    [InlineData("'a\nb'.replaceMatches('a.b', 'x')", "x")]
    [InlineData("{}.matches('a')", "")]
    public void GivenARegularExpression_WhenApplied_ThenSingleLineModeIsUsed(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("{}.allTrue()", "true")]
    [InlineData("(true | false).allTrue()", "false")]
    [InlineData("(true | false).anyTrue()", "true")]
    [InlineData("{}.anyFalse()", "false")]
    [InlineData("(false).allFalse()", "true")]
    public void GivenBooleans_WhenAggregated_ThenTheSpecsResultComesBack(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("(1 | 2).anyTrue()")]
    [InlineData("('true').allFalse()")]
    public void GivenNonBooleans_WhenAggregated_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate(expression));

    [Fact]
    public void GivenAValidResource_WhenCheckedAgainstItsBaseProfile_ThenItConforms()
    {
        var patient = new Patient { Id = "p1", Active = true };

        Assert.Equal("true", Evaluate("conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", patient));
    }

    [Fact]
    public void GivenAnInvalidResource_WhenCheckedAgainstAProfile_ThenItDoesNotConform()
    {
        // pat-1: a contact needs contact details or an organization.
        var patient = new Patient { Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }] };

        Assert.Equal("false", Evaluate("conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')", patient));
    }

    [Fact]
    public void GivenAContainedResource_WhenCheckedInAWhere_ThenEachResourceIsValidated()
    {
        var patient = new Patient { Contained = [new Organization { Id = "o1", Name = "Bayu" }, new Practitioner { Id = "d1" }] };

        Assert.Equal("o1", Evaluate("contained.where(conformsTo('http://hl7.org/fhir/StructureDefinition/Organization')).id", patient));
    }

    [Theory]
    [InlineData("conformsTo('http://example.org/StructureDefinition/unknown')")]
    [InlineData("Patient.active.conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')")]
    public void GivenAnUnknownProfileOrANonResource_WhenConformsToIsAsked_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate(expression, new Patient { Active = true }));
}
