using Bayu.Fhir.Profiles;
using Bayu.Fhir.Terminology;

namespace Bayu.Fhir.Tests.Terminology;

public class TerminologyServiceTests
{
    private static TerminologyService Service => TerminologyService.Default;

    [Fact]
    public void GivenConceptListValueSet_WhenExpanded_ThenAllCodesAndComplete()
    {
        var expansion = Service.Expand("http://hl7.org/fhir/ValueSet/administrative-gender")!;
        Assert.Equal(["male", "female", "other", "unknown"], expansion.Codes.Select(c => c.Code));
        Assert.True(expansion.IsComplete);
    }

    [Fact]
    public void GivenV3IsAFilter_WhenExpanded_ThenDescendantsAreIncluded()
    {
        // v3-ActEncounterCode = ActCode is-a _ActEncounterCode; AMB and IMP are in it, the abstract root too.
        var expansion = Service.Expand("http://terminology.hl7.org/ValueSet/v3-ActEncounterCode")!;
        Assert.True(expansion.Contains("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"));
        Assert.True(expansion.Contains("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP"));
        Assert.False(expansion.Contains("http://terminology.hl7.org/CodeSystem/v3-ActCode", "_ActAccountCode"));
    }

    [Fact]
    public void GivenRegionCodeSystem_WhenDescendantFilterUsed_ThenHierarchyIsFollowed()
    {
        Assert.Equal("渝中区", Service.Lookup(BayuProfiles.RegionSystem, "500103")!.Display);
        Assert.Equal(["500100"], Service.Lookup(BayuProfiles.RegionSystem, "500103")!.Parents);
        Assert.Null(Service.Lookup(BayuProfiles.RegionSystem, "500199"));
        Assert.True(Service.ValidateCode(BayuProfiles.Base + "/ValueSet/cn-region", BayuProfiles.RegionSystem, "500103").IsValid);
    }

    [Fact]
    public void GivenExcludeAndNestedValueSets_WhenExpanded_ThenComposeRulesApply()
    {
        // observation-category is a plain include; identifier-type lists v2-0203 codes without the
        // code system being shipped, which is allowed for enumerated lists.
        Assert.Contains(Service.Expand("http://hl7.org/fhir/ValueSet/identifier-type")!.Codes, c => c.Code == "MR");
        var security = Service.Expand("http://hl7.org/fhir/ValueSet/security-labels")!;
        Assert.True(security.Codes.Count > 20);
    }

    [Fact]
    public void GivenCodeNotInValueSet_WhenValidated_ThenInvalidWithMessage()
    {
        var check = Service.ValidateCode("http://hl7.org/fhir/ValueSet/administrative-gender", "http://hl7.org/fhir/administrative-gender", "m");
        Assert.Equal(CodeCheckStatus.Invalid, check.Status);
        Assert.Contains("administrative-gender#m'", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenWrongDisplay_WhenValidated_ThenValidWithDisplayWarning()
    {
        var check = Service.ValidateCode("http://hl7.org/fhir/ValueSet/administrative-gender", "http://hl7.org/fhir/administrative-gender", "male", "Mann");
        Assert.True(check.IsValid);
        Assert.Contains("'Male'", check.DisplayWarning, StringComparison.Ordinal);
        Assert.Null(Service.ValidateCode("http://hl7.org/fhir/ValueSet/administrative-gender", "http://hl7.org/fhir/administrative-gender", "male", " male ").DisplayWarning);
    }

    [Fact]
    public void GivenSnomedBasedValueSet_WhenValidated_ThenNotCheckedRatherThanWrong()
    {
        var check = Service.ValidateCode("http://hl7.org/fhir/ValueSet/clinical-findings", "http://snomed.info/sct", "22298006");
        Assert.Equal(CodeCheckStatus.NotChecked, check.Status);
        Assert.Equal(CodeCheckStatus.NotChecked, Service.ValidateCodeInSystem("http://loinc.org", "8867-4").Status);
    }

    [Fact]
    public void GivenUnknownValueSet_WhenValidated_ThenNotChecked() =>
        Assert.Equal(CodeCheckStatus.NotChecked, Service.ValidateCode("http://example.org/ValueSet/none", null, "x").Status);
}
