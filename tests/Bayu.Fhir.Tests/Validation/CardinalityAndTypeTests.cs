using Bayu.Fhir.Profiles;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;

namespace Bayu.Fhir.Tests.Validation;

public class CardinalityAndTypeTests
{
    internal static Observation ValidObservation() => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate"),
        Subject = new ResourceReference("Patient/p1"),
        Value = new Quantity(72, "/min", "http://unitsofmeasure.org"),
        Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">HR 72</div>" },
    };

    [Fact]
    public void GivenCompleteObservation_WhenValidated_ThenNoErrors() => NoErrors(Validate(ValidObservation()));

    [Fact]
    public void GivenObservationWithoutStatusAndCode_WhenValidated_ThenBothMinimumsAreReported()
    {
        var observation = ValidObservation();
        observation.Status = null;
        observation.Code = null!;
        var outcome = Validate(observation);
        ExactErrors(outcome, ("cardinality", "Observation.status"), ("cardinality", "Observation.code"));
        Assert.Contains("at least 1 required", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenProfileRaisingMinimum_WhenBirthDateMissing_ThenCardinalityErrorAgainstProfile()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.BirthDate = null;
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile), ("cardinality", "Patient.birthDate"));
    }

    [Fact]
    public void GivenMalformedDate_WhenValidated_ThenFormatError()
    {
        var patient = new Patient { BirthDate = "1980-13-45" };
        ExactErrors(Validate(patient), ("format", "Patient.birthDate"));
    }

    [Fact]
    public void GivenChoiceTypeOutsideProfile_WhenValidated_ThenTypeError()
    {
        var address = ProfileFixtures.ValidAddress();
        address.Extension[0].Value = new FhirString("500103");
        var patient = ProfileFixtures.ValidPatient();
        patient.Address = [address];
        var outcome = Validate(patient, BayuProfiles.PatientProfile);
        ExactErrors(outcome, ("type", "Patient.address[0].extension[0].value.ofType(string)"));
    }

    [Fact]
    public void GivenEmptyElement_WhenValidated_ThenEle1()
    {
        var patient = new Patient();
        patient.Name.Add(new HumanName());
        ExactErrors(Validate(patient), ("ele-1", "Patient.name[0]"));
    }

    [Fact]
    public void GivenEvidenceVariableWithR4DefinitionChoice_WhenValidated_ThenCheckedAgainstTheR4Structure()
    {
        // The shipped R4 EvidenceVariable snapshot carries a later release's characteristic
        // (definitionReference, definitionByCombination...) while its differential is R4's; the
        // validator regenerates such a snapshot from the differential.
        var variable = Parse<EvidenceVariable>("""
            {"resourceType":"EvidenceVariable","status":"draft",
             "characteristic":[{"definitionCodeableConcept":{"text":"Diabetic patients over 65"}}]}
            """);
        NoErrors(Validate(variable));

        variable.Characteristic[0].Definition = new ResourceReference("Patient/p1");
        ExactErrors(Validate(variable), ("reference", "EvidenceVariable.characteristic[0].definition.ofType(Reference)"));
    }

    [Fact]
    public void GivenSnapshotMissingDifferentialElements_WhenChecked_ThenNotCovered()
    {
        var shipped = Bayu.Fhir.Definitions.DefinitionRegistry.Default.FindTypeDefinition("EvidenceVariable")!;
        Assert.False(Bayu.Fhir.Validation.SnapshotCache.SnapshotCoversDifferential(shipped));
        Assert.True(Bayu.Fhir.Validation.SnapshotCache.SnapshotCoversDifferential(Bayu.Fhir.Definitions.DefinitionRegistry.Default.FindTypeDefinition("Patient")!));
    }
}
