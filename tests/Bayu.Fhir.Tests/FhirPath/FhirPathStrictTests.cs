using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>Strict evaluation: expressions checked against the model for the input's type, on request only.</summary>
public class FhirPathStrictTests
{
    private static readonly FhirPathContext s_strict = new() { Strict = true };

    private static readonly Patient s_patient = new()
    {
        Name = [new HumanName { Family = "Li", Given = ["Wei"] }],
        Contact = [new Patient.ContactComponent { Name = new HumanName { Family = "Wang" } }],
    };

    [Theory]
    [InlineData("name.given1", "'given1' is not an element of HumanName")]
    [InlineData("Encounter.name.given", "'Encounter' selects nothing")]
    [InlineData("Patient.contact.name.famly", "'famly' is not an element of HumanName")]
    [InlineData("Patient.children().skip(1)", "skip() depends on the order")]
    [InlineData("iif('yes', 1, 2)", "criterion of iif() must be a Boolean")]
    [InlineData("Patient.name.where(given2.exists())", "'given2' is not an element of HumanName")]
    public void GivenAnExpressionThatCannotSelectAnything_WhenEvaluatedStrictly_ThenItIsRejected(string expression, string reason)
    {
        var error = Assert.Throws<FhirPathEvaluationException>(() => FhirPathEngine.Default.Compile(expression).Select(s_patient, s_strict));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Observation.valueQuantity.unit", "'valueQuantity' is not an element of Observation")]
    [InlineData("(Observation.value as Period).unit", "'unit' is not an element of Period")]
    public void GivenAChoiceElement_WhenNavigatedByItsJsonName_ThenStrictEvaluationRejectsIt(string expression, string reason)
    {
        var observation = new Observation { Value = new Quantity(5, "mg") };

        var error = Assert.Throws<FhirPathEvaluationException>(() => FhirPathEngine.Default.Compile(expression).Select(observation, s_strict));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Patient.name.given", "Wei")]
    [InlineData("Resource.id.exists() or DomainResource.text.empty()", "true")]
    [InlineData("Patient.contact.name.family", "Wang")]
    [InlineData("iif(Patient.name.exists(), 'named', 'unnamed')", "named")]
    [InlineData("Patient.name.select(family & given.first())", "LiWei")]
    [InlineData("Patient.children().ofType(HumanName).family", "Li")]
    [InlineData("Patient.extension('http://example.org').value.unit", "")]
    public void GivenAValidExpression_WhenEvaluatedStrictly_ThenItRuns(string expression, string expected) =>
        Assert.Equal(expected, string.Join(", ", FhirPathEngine.Default.Compile(expression).Select(s_patient, s_strict).Select(r => r.ToString())));

    [Fact]
    public void GivenARecursiveElement_WhenNavigatedStrictly_ThenItsContentReferenceIsFollowed()
    {
        var questionnaire = new Questionnaire { Item = [new Questionnaire.ItemComponent { LinkId = "1", Item = [new Questionnaire.ItemComponent { LinkId = "1.1" }] }] };

        Assert.Equal("1.1", FhirPathEngine.Default.Compile("Questionnaire.item.item.linkId").Select(questionnaire, s_strict).Single().ToString());
    }

    [Theory]
    [InlineData("name.given1")]
    [InlineData("Encounter.name.given")]
    [InlineData("Patient.name | Practitioner.name")]
    public void GivenTheDefaultMode_WhenAPathSelectsNothing_ThenTheResultIsEmpty(string expression) =>
        Assert.Empty(FhirPathEngine.Default.Compile(expression).Select(new Patient()));
}
