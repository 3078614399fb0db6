using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

/// <summary>type() reflection (FHIRPath 2.0 §10) beyond the official suite's cases.</summary>
public class FhirPathTypeInfoTests
{
    private static readonly Patient s_patient = new()
    {
        Active = true,
        Gender = AdministrativeGender.Female,
        Name = [new HumanName { Family = "Li" }],
    };

    private static string[] Names(string expression, Base? input = null) =>
        [.. FhirPathEngine.Default.Compile(expression).Select(input).Select(t => t.ToString()!)];

    [Theory]
    [InlineData("1.5.type()", "System.Decimal")]
    [InlineData("@2014-01-05T10:00.type()", "System.DateTime")]
    [InlineData("@T10:00.type()", "System.Time")]
    [InlineData("5 'mg'.type()", "System.Quantity")]
    [InlineData("Patient.gender.type()", "FHIR.code")]
    [InlineData("Patient.name.type()", "FHIR.HumanName")]
    [InlineData("Patient.name.family.type()", "FHIR.string")]
    public void GivenAnItem_WhenAskedItsType_ThenNamespaceAndNameAreReported(string expression, string expected) =>
        Assert.Equal([expected], Names(expression, s_patient));

    [Fact]
    public void GivenSeveralItems_WhenAskedTheirTypes_ThenEachItemHasOne() =>
        Assert.Equal(["Integer", "String", "boolean"], Names("(1 | 'a' | Patient.active).type().name", s_patient));

    [Fact]
    public void GivenPrimitivesAndClasses_WhenReflected_ThenTheSpecsTypeInfoKindsAreUsed()
    {
        var kinds = FhirPathEngine.Default.Compile("(1 | Patient.active | Patient.name).type()").Select(s_patient).Select(t => t.TypeName);

        Assert.Equal(["System.SimpleTypeInfo", "System.SimpleTypeInfo", "System.ClassInfo"], kinds);
    }

    [Fact]
    public void GivenTheTypeName_WhenCompared_ThenItIsASystemString() =>
        Assert.True(FhirPathEngine.Default.Predicate(s_patient, "Patient.type().name = 'Patient' and Patient.type().namespace = 'FHIR'"));

    [Fact]
    public void GivenAnEmptyCollection_WhenReflected_ThenTheResultIsEmpty() =>
        Assert.Empty(Names("Patient.birthDate.type()", s_patient));
}
