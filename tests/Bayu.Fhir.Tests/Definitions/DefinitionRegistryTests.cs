using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.Definitions;

public class DefinitionRegistryTests
{
    private static DefinitionRegistry Registry => DefinitionRegistry.Default;

    [Fact]
    public void GivenTheOfficialDefinitions_WhenLoaded_ThenEveryR4SearchParameterIsIndexed()
    {
        Assert.Equal(1378, Registry.SearchParameters.All.Count);
        Assert.True(Registry.Count > 2500, $"only {Registry.Count} definitions indexed");
    }

    [Theory]
    [InlineData("Patient", "birthdate", SearchParamType.Date)]
    [InlineData("Observation", "code", SearchParamType.Token)]
    [InlineData("Observation", "value-quantity", SearchParamType.Quantity)]
    [InlineData("Patient", "_id", SearchParamType.Token)]
    [InlineData("Encounter", "_lastUpdated", SearchParamType.Date)]
    public void GivenATypeAndCode_WhenLookedUp_ThenTheParameterIsFoundWithItsType(string type, string code, SearchParamType expected)
    {
        var parameter = Registry.SearchParameters.Find(type, code);
        Assert.NotNull(parameter);
        Assert.Equal(expected, parameter.Type);
    }

    [Fact]
    public void GivenAnUnknownCode_WhenLookedUp_ThenNothingIsFound()
    {
        Assert.Null(Registry.SearchParameters.Find("Patient", "no-such-param"));
        Assert.Empty(Registry.SearchParameters.For("NoSuchType"));
    }

    [Fact]
    public void GivenCanonicalUrls_WhenResolved_ThenTypedDefinitionsComeBack()
    {
        var patient = Registry.FindTypeDefinition("Patient");
        Assert.NotNull(patient);
        Assert.True(patient.HasSnapshot);
        Assert.NotNull(Registry.FindValueSet("http://hl7.org/fhir/ValueSet/administrative-gender"));
        Assert.NotNull(Registry.FindCodeSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode"));
        Assert.NotNull(Registry.FindStructureDefinition("http://hl7.org/fhir/StructureDefinition/patient-birthPlace"));
        Assert.NotNull(Registry.ResolveByCanonicalUri("http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1"));
        Assert.Null(Registry.ResolveByCanonicalUri("http://hl7.org/fhir/ValueSet/administrative-gender|3.0.2"));
        Assert.Null(Registry.ResolveByCanonicalUri("http://example.org/nothing"));
    }

    [Fact]
    public void GivenThePatientCompartment_WhenAsked_ThenMembershipFollowsTheDefinition()
    {
        Assert.Contains("subject", Registry.PatientCompartment.ParametersFor("Observation"));
        Assert.Contains("performer", Registry.PatientCompartment.ParametersFor("Observation"));
        Assert.Equal(["subject"], Registry.PatientCompartment.ParametersFor("Encounter"));
        Assert.False(Registry.PatientCompartment.CanContain("Organization"));
    }

    [Fact]
    public void GivenAnAddedProfile_WhenResolved_ThenItIsReturned()
    {
        var registry = DefinitionRegistry.CreateEmpty();
        var profile = new StructureDefinition { Url = "http://bayu.health/fhir/StructureDefinition/test", Version = "1.0.0", Name = "Test" };
        registry.Add(profile);
        Assert.Same(profile, registry.ResolveByCanonicalUri("http://bayu.health/fhir/StructureDefinition/test"));
        Assert.Same(profile, registry.ResolveByCanonicalUri("http://bayu.health/fhir/StructureDefinition/test|1.0.0"));
    }
}
