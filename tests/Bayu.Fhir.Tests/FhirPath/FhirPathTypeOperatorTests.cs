using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>is / as / ofType: FHIR primitive specialisation, unknown type names, independence from the input.</summary>
public class FhirPathTypeOperatorTests
{
    private static readonly Patient s_patient = new()
    {
        Gender = AdministrativeGender.Male,
        Id = "p1",
        Text = new Narrative { Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>" },
        Identifier = [new Identifier { System = "urn:oid:1.2.3", Value = "1" }],
    };

    private static string Evaluate(string expression, Base? input = null) =>
        string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(input).Select(r => r.ToString()));

    [Theory]
    [InlineData("Patient.gender.is(code)", "true")]
    [InlineData("Patient.gender.is(FHIR.string)", "true")]
    [InlineData("Patient.gender is string", "true")]
    [InlineData("Patient.id.is(string)", "true")]
    [InlineData("Patient.id.is(code)", "false")]
    [InlineData("Patient.identifier.system.is(uri)", "true")]
    [InlineData("Patient.gender.is(System.String)", "false")]
    [InlineData("Patient.is(DomainResource)", "true")]
    [InlineData("Patient.is(System.Patient)", "false")]
    public void GivenAFhirElement_WhenTypeTested_ThenFhirSpecialisationsCount(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression, s_patient));

    [Theory]
    [InlineData("1 is Integer", "true")]
    [InlineData("'a' is System.String", "true")]
    [InlineData("{} is Integer", "")]
    public void GivenNoInput_WhenTypeTested_ThenTheOperandDecides(string expression, string expected) =>
        Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("Patient.gender.is(strin)")]
    [InlineData("Patient.gender.as(Strng)")]
    [InlineData("Patient.children().ofType(Foo)")]
    [InlineData("(Patient.gender | Patient.id).is(string)")]
    public void GivenAnUnknownTypeOrSeveralItems_WhenTypeTested_ThenEvaluationFails(string expression) =>
        Assert.Throws<FhirPathEvaluationException>(() => Evaluate(expression, s_patient));

    [Fact]
    public void GivenOfTypeAndAs_WhenFiltering_ThenTheSdksExactMatchingIsKept()
    {
        // Search indexing relies on these: a code is not selected by ofType(string).
        Assert.Equal("", Evaluate("Patient.gender.ofType(string)", s_patient));
        Assert.Equal("male", Evaluate("Patient.gender.ofType(code)", s_patient));
        Assert.Equal("p1", Evaluate("(Patient.id as id)", s_patient));
    }
}
