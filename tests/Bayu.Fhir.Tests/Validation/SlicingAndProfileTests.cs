using Bayu.Fhir.Profiles;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

public class SlicingAndProfileTests
{
    [Fact]
    public void GivenOrganizationWithAllSlices_WhenValidatedAgainstProfile_ThenNoErrors() =>
        NoErrors(Validate(ProfileFixtures.ValidOrganization(), BayuProfiles.OrganizationProfile));

    [Fact]
    public void GivenOrganizationWithoutRequiredSlice_WhenValidated_ThenSliceMinimumError()
    {
        var organization = ProfileFixtures.ValidOrganization();
        organization.Identifier[0].System = "http://example.org/other";
        var outcome = Validate(organization, BayuProfiles.OrganizationProfile);
        ExactErrors(outcome, ("slicing", "Organization.identifier"));
        Assert.Contains("'uscc'", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTwoItemsInSliceWithMaxOne_WhenValidated_ThenSliceMaximumError()
    {
        var organization = ProfileFixtures.ValidOrganization();
        organization.Identifier.Add(new Identifier(BayuProfiles.UsccSystem, "91350100M000100Y43"));
        ExactErrors(Validate(organization, BayuProfiles.OrganizationProfile), ("slicing", "Organization.identifier"));
    }

    [Fact]
    public void GivenPatternSliceWithCodeOutsideValueSet_WhenValidated_ThenBindingErrorOnTheSlice()
    {
        var organization = ProfileFixtures.ValidOrganization();
        organization.Type[0].Coding[0].Code = "spa";
        var outcome = Validate(organization, BayuProfiles.OrganizationProfile);
        // The pattern still matches (same system), so the item is in the slice and its required binding fails.
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "binding" && i.Expression.Single() == "Organization.type[0]");
    }

    [Fact]
    public void GivenExtensionSliceWithFixedSystemViolated_WhenValidated_ThenFixedError()
    {
        var patient = ProfileFixtures.ValidPatient();
        ((Coding)patient.Address[0].Extension[0].Value!).System = "urn:oid:2.16.156.10011.2.3.3.4";
        var outcome = Validate(patient, BayuProfiles.PatientProfile);
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "fixed"
            && i.Expression.Single() == "Patient.address[0].extension[0].value.ofType(Coding).system");
    }

    [Fact]
    public void GivenMetaProfile_WhenValidatedWithoutExplicitProfile_ThenTheClaimedProfileApplies()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Gender = null;
        Assert.DoesNotContain(Errors(Validate(patient)), i => i.Expression.Single() == "Patient.gender");
        patient.Meta = new Meta { Profile = [BayuProfiles.PatientProfile] };
        ExactErrors(Validate(patient), ("cardinality", "Patient.gender"));
    }

    [Fact]
    public void GivenUnknownProfile_WhenValidated_ThenWarningAndBaseValidation()
    {
        var outcome = Validate(new Patient { Active = true }, "http://example.org/StructureDefinition/nope");
        NoErrors(outcome);
        Single(outcome, IssueSeverity.Warning, "profile");
    }

    [Fact]
    public void GivenProfileForAnotherType_WhenValidated_ThenError() =>
        ExactErrors(Validate(new Patient { Active = true }, BayuProfiles.OrganizationProfile), ("profile", "Patient"));
}
