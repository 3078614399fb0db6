using Bayu.Crypto.Identifiers;
using Bayu.Fhir.Profiles;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Profiles;

public class ChineseProfileTests
{
    // A number with a correct check character built from its first 17 digits (the check function
    // itself is pinned to published numbers in Bayu.Crypto.Tests' ResidentIdNumberTests).
    private static string WithCheck(string first17) => first17 + ResidentIdNumber.CheckCharacter(first17);

    [Fact]
    public void GivenRealFormatPatient_WhenValidatedAgainstCnPatient_ThenNoErrors() =>
        NoErrors(Validate(ProfileFixtures.ValidPatient(), BayuProfiles.PatientProfile));

    [Fact]
    public void GivenWrongCheckCharacter_WhenValidated_ThenRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier[0].Value = "110105194912310021";
        var outcome = Validate(patient, BayuProfiles.PatientProfile);
        ExactErrors(outcome, ("cn-resident-id", "Patient.identifier[0].value"));
        Assert.Contains("expected 'X'", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenImpossibleBirthDate_WhenValidated_ThenRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier[0].Value = WithCheck("11010519490230002");
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile), ("cn-resident-id", "Patient.identifier[0].value"));
    }

    [Fact]
    public void GivenFutureBirthDateInNumber_WhenValidated_ThenRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier[0].Value = WithCheck("11010520991231002");
        ExactErrors(Validate(patient), ("cn-resident-id", "Patient.identifier[0].value"));
    }

    [Fact]
    public void GivenSexAndBirthDateNotMatchingTheNumber_WhenValidated_ThenBothRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Gender = AdministrativeGender.Male;
        patient.BirthDate = "1950-01-01";
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile),
            ("cn-resident-id-gender", "Patient.gender"), ("cn-resident-id-birthdate", "Patient.birthDate"));
    }

    [Fact]
    public void GivenUnknownProvinceInNumber_WhenValidated_ThenRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier[0].Value = WithCheck("99010519491231002");
        ExactErrors(Validate(patient), ("cn-region", "Patient.identifier[0].value"));
    }

    [Fact]
    public void GivenTheProvincesOfTheSharedCheck_WhenComparedWithTheCnRegionTable_ThenTheyAreTheSame()
    {
        // The health card has no terminology, so the shared check carries its own province list;
        // it must say what the shipped code system says, or card and profile part ways again.
        var inTable = Enumerable.Range(10, 90).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Where(n => Bayu.Fhir.Terminology.TerminologyService.Default.Lookup(BayuProfiles.RegionSystem, n + "0000") is not null);
        Assert.Equal(inTable, ResidentIdNumber.ProvincePrefixes);
    }

    [Theory]
    [InlineData("11010519491231002x")] // GB 11643's ten is upper-case X; stored values are matched exactly
    [InlineData("110105491231002")] // legacy 15-digit number, formerly accepted by the profile only
    public void GivenALowercaseXOrALegacyNumber_WhenValidated_ThenRefused(string number)
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier[0].Value = number;
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile), ("cn-resident-id", "Patient.identifier[0].value"));
    }

    [Fact]
    public void GivenRetiredCountyOfKnownProvince_WhenValidated_ThenWarningOnly()
    {
        // 440524 (潮阳县) no longer exists, but numbers issued there stay valid for life.
        var patient = new Patient { Identifier = [new Identifier(BayuProfiles.ResidentIdSystem, "440524188001010014")], Gender = AdministrativeGender.Male, BirthDate = "1880-01-01" };
        var outcome = Validate(patient);
        NoErrors(outcome);
        Single(outcome, IssueSeverity.Warning, "cn-region");
    }

    [Fact]
    public void GivenNationalOidSystem_WhenNumberIsBad_ThenAlsoChecked()
    {
        var patient = new Patient { Identifier = [new Identifier(BayuProfiles.ResidentIdOid, "110105194912310021")] };
        ExactErrors(Validate(patient), ("cn-resident-id", "Patient.identifier[0].value"));
    }

    [Fact]
    public void GivenUnknownRegionCodeInAddress_WhenValidated_ThenBindingError()
    {
        var patient = ProfileFixtures.ValidPatient();
        ((Coding)patient.Address[0].Extension[0].Value!).Code = "500199";
        var outcome = Validate(patient, BayuProfiles.PatientProfile);
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "binding");
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "code-invalid");
    }

    [Fact]
    public void GivenAddressWithoutRegionCode_WhenValidated_ThenSliceMinimumError()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Address[0].Extension.Clear();
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile), ("slicing", "Patient.address[0].extension"));
    }

    [Fact]
    public void GivenBadUsccCheckCharacter_WhenValidated_ThenRefused()
    {
        var organization = ProfileFixtures.ValidOrganization();
        organization.Identifier[0].Value = "91350100M000100Y44";
        var outcome = Validate(organization, BayuProfiles.OrganizationProfile);
        ExactErrors(outcome, ("cn-uscc", "Organization.identifier[0].value"));
        Assert.Contains("expected '3'", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenBadOrganisationCodeCheckInUscc_WhenValidated_ThenRefused()
    {
        // Overall check character right for the altered body; position 17 is GB 11714's own check.
        var organization = ProfileFixtures.ValidOrganization();
        organization.Identifier[0].Value = "91350100M000100Y56";
        var outcome = Validate(organization, BayuProfiles.OrganizationProfile);
        ExactErrors(outcome, ("cn-uscc", "Organization.identifier[0].value"));
        Assert.Contains("expected '4' (GB 11714)", Errors(outcome)[0].Details!.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenUnknownInstitutionLevel_WhenValidated_ThenBindingError()
    {
        var organization = ProfileFixtures.ValidOrganization();
        ((Coding)organization.Extension[0].Value!).Code = "4A";
        var outcome = Validate(organization, BayuProfiles.OrganizationProfile);
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "binding" && i.Expression.Single() == "Organization.extension[0].value.ofType(Coding)");
    }

    [Fact]
    public void GivenPractitionerLicence_WhenValidOrMalformed_ThenAcceptedOrRefused()
    {
        var practitioner = new Practitioner
        {
            Text = ProfileFixtures.Text(),
            Identifier = [new Identifier(BayuProfiles.PractitionerLicenceSystem, "110500000012345")],
            Name = [new HumanName { Text = "赵医生" }],
        };
        NoErrors(Validate(practitioner, BayuProfiles.PractitionerProfile));
        practitioner.Identifier[0].Value = "ABC";
        ExactErrors(Validate(practitioner, BayuProfiles.PractitionerProfile), ("cn-practitioner-licence", "Practitioner.identifier[0].value"));
    }

    [Fact]
    public void GivenEhrNumber_WhenValidOrWrongLength_ThenAcceptedOrRefused()
    {
        var patient = ProfileFixtures.ValidPatient();
        patient.Identifier.Add(new Identifier(BayuProfiles.EhrNumberSystem, "50010300100100001"));
        NoErrors(Validate(patient, BayuProfiles.PatientProfile));
        patient.Identifier[1].Value = "5001030010010000";
        ExactErrors(Validate(patient, BayuProfiles.PatientProfile), ("cn-ehr-number", "Patient.identifier[1].value"));
    }
}
