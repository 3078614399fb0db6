using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

public class BindingTests
{
    private const string ClinicalStatus = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical";

    private static AllergyIntolerance Allergy(Coding clinicalStatus) => new()
    {
        ClinicalStatus = new CodeableConcept { Coding = [clinicalStatus] },
        Patient = new ResourceReference("Patient/p1"),
        Code = new CodeableConcept("http://snomed.info/sct", "227493005", "Cashew nuts"),
        Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>" },
    };

    [Fact]
    public void GivenRequiredBindingWithMemberCode_WhenValidated_ThenNoErrors() =>
        NoErrors(Validate(Allergy(new Coding(ClinicalStatus, "active", "Active"))));

    [Fact]
    public void GivenRequiredBindingWithForeignCode_WhenValidated_ThenError()
    {
        var outcome = Validate(Allergy(new Coding("http://example.org/status", "on")));
        ExactErrors(outcome, ("binding", "AllergyIntolerance.clinicalStatus"));
        Assert.Contains("required binding", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenCodeUnknownToItsCodeSystem_WhenValidated_ThenCodeInvalidAndBindingErrors()
    {
        var outcome = Validate(Allergy(new Coding(ClinicalStatus, "dormant")));
        ExactErrors(outcome, ("binding", "AllergyIntolerance.clinicalStatus"), ("code-invalid", "AllergyIntolerance.clinicalStatus.coding[0]"));
    }

    [Fact]
    public void GivenWrongDisplay_WhenValidated_ThenDisplayWarningOnly()
    {
        var outcome = Validate(Allergy(new Coding(ClinicalStatus, "active", "Gone")));
        NoErrors(outcome);
        Assert.Equal("AllergyIntolerance.clinicalStatus", Single(outcome, IssueSeverity.Warning, "display").Expression.Single());
    }

    [Fact]
    public void GivenExtensibleBindingWithOtherCode_WhenValidated_ThenWarningNotError()
    {
        var encounter = new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://example.org/visit", "tele"),
        };
        var outcome = Validate(encounter);
        NoErrors(outcome);
        Assert.Equal("Encounter.class", Single(outcome, IssueSeverity.Warning, "binding").Expression.Single());
    }
}
