using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

public class ExtensionAndReferenceTests
{
    private const string BirthPlace = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    [Fact]
    public void GivenKnownExtensionInItsContext_WhenValidated_ThenNoErrors()
    {
        var patient = new Patient();
        patient.Extension.Add(new Extension(BirthPlace, new Address { City = "重庆" }));
        NoErrors(Validate(patient));
    }

    [Fact]
    public void GivenExtensionOutsideItsContext_WhenValidated_ThenContextError()
    {
        var organization = new Organization { Name = "x" };
        organization.Extension.Add(new Extension(BirthPlace, new Address { City = "重庆" }));
        ExactErrors(Validate(organization), ("extension-context", "Organization.extension[0]"));
    }

    [Fact]
    public void GivenExtensionWithWrongValueType_WhenValidated_ThenTypeError()
    {
        var patient = new Patient();
        patient.Extension.Add(new Extension(BirthPlace, new FhirString("重庆")));
        ExactErrors(Validate(patient), ("type", "Patient.extension[0].value.ofType(string)"));
    }

    [Fact]
    public void GivenUnknownExtension_WhenValidated_ThenWarningAndUnknownModifierIsError()
    {
        var patient = new Patient();
        patient.Extension.Add(new Extension("http://example.org/ext/unknown", new FhirString("x")));
        var outcome = Validate(patient);
        NoErrors(outcome);
        Assert.Equal("Patient.extension[0]", Single(outcome, IssueSeverity.Warning, "extension").Expression.Single());

        patient.ModifierExtension.Add(new Extension("http://example.org/ext/modifier", new FhirBoolean(true)));
        ExactErrors(Validate(patient), ("extension", "Patient.modifierExtension[0]"));
    }

    [Fact]
    public void GivenValidReferences_WhenValidated_ThenNoErrors()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Subject = new ResourceReference("https://fhir.example.org/fhir/Patient/p1/_history/2");
        observation.Performer = [new ResourceReference("urn:uuid:5b3c1a3e-1f0a-4e4b-9a43-0c4e6f1d2a11"), new ResourceReference("#pr")];
        observation.Contained = [new Practitioner { Id = "pr", Name = [new HumanName { Family = "Zhao" }] }];
        NoErrors(Validate(observation));
    }

    [Fact]
    public void GivenConditionalReferenceToAllowedType_WhenValidated_ThenAcceptedButWrongTypeIsNot()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Subject = new ResourceReference("Patient?identifier=http://bayu.health/fhir/sid/cn-resident-id|11010519491231002X");
        NoErrors(Validate(observation));
        observation.Subject = new ResourceReference("Medication?code=123");
        ExactErrors(Validate(observation), ("reference", "Observation.subject"));
    }

    [Fact]
    public void GivenMalformedReference_WhenValidated_ThenError()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Subject = new ResourceReference("Patient 1");
        ExactErrors(Validate(observation), ("reference", "Observation.subject"));
    }

    [Fact]
    public void GivenReferenceToDisallowedType_WhenValidated_ThenError()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Subject = new ResourceReference("Medication/m1");
        var outcome = Validate(observation);
        ExactErrors(outcome, ("reference", "Observation.subject"));
        Assert.Contains("Medication", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenReferenceToMissingContainedResource_WhenValidated_ThenNotFound()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.Subject = new ResourceReference("#nobody");
        var outcome = Validate(observation);
        // The walker's own check and the base invariant ref-1 both catch it.
        ExactErrors(outcome, ("reference", "Observation.subject"), ("ref-1", "Observation.subject"));
        Assert.Equal(IssueType.NotFound, Single(outcome, IssueSeverity.Error, "reference").Code);
    }

    [Fact]
    public void GivenAbsoluteUrlWithoutTheRestfulTypeForm_WhenValidated_ThenOpaqueButARelativeOneIsAnError()
    {
        var affiliation = new OrganizationAffiliation { Network = [new ResourceReference("http://hl7.org/fhir/ig/vhdir/Network/patriotppo")] };
        NoErrors(Validate(affiliation));

        affiliation.Network = [new ResourceReference("Network/patriotppo")];
        ExactErrors(Validate(affiliation), ("reference", "OrganizationAffiliation.network[0]"));
        affiliation.Network = [new ResourceReference("http://example.org/fhir/Patient/p1")];
        ExactErrors(Validate(affiliation), ("reference", "OrganizationAffiliation.network[0]"));
    }

    [Fact]
    public void GivenBundleEntryReferencingItsOwnContainedResource_WhenValidated_ThenResolvedWithinTheEntry()
    {
        // Synthea's bundles do this: '#id' resolves among the entry resource's contained
        // resources, not the Bundle's (which has none).
        var request = new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Subject = new ResourceReference("urn:uuid:5cbc121b-cd71-4428-b8b7-31e53eba8184"),
            Contained = [new Organization { Id = "lab", Name = "区检验中心" }],
            Performer = [new ResourceReference("#lab")],
        };
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry = [new Bundle.EntryComponent { FullUrl = "urn:uuid:0b1c7c9e-2d1f-4c36-9a55-8c1f0f3f2a10", Resource = request }],
        };
        NoErrors(Validate(bundle));

        request.Performer = [new ResourceReference("#elsewhere")];
        ExactErrors(Validate(bundle),
            ("reference", "Bundle.entry[0].resource.performer[0]"), ("ref-1", "Bundle.entry[0].resource.performer[0]"), ("dom-3", "Bundle.entry[0].resource"));
    }
}
