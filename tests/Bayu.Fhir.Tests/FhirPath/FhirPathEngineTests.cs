using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath;

public class FhirPathEngineTests
{
    private static readonly FhirPathEngine s_engine = FhirPathEngine.Default;

    private static Patient SamplePatient() => new()
    {
        Id = "p1",
        Active = true,
        Name =
        [
            new HumanName { Use = HumanName.NameUse.Official, Family = "Zhang", Given = ["Wei", "Ming"] },
            new HumanName { Use = HumanName.NameUse.Nickname, Given = ["Xiao"] },
        ],
        Gender = AdministrativeGender.Male,
        BirthDate = "1980-02-03",
        ManagingOrganization = new ResourceReference("#org1"),
        Contained = [new Organization { Id = "org1", Name = "Bayu Hospital" }],
    };

    [Fact]
    public void GivenAPath_WhenSelected_ThenTheModelElementsComeBack()
    {
        var given = s_engine.Select(SamplePatient(), "Patient.name.given").ToList();

        Assert.Equal(["Wei", "Ming", "Xiao"], given.Cast<FhirString>().Select(s => s.Value));
    }

    [Fact]
    public void GivenAWhereFilter_WhenEvaluated_ThenOnlyMatchingElementsRemain()
    {
        var family = s_engine.Select(SamplePatient(), "name.where(use = 'official').family").Single();

        Assert.Equal("Zhang", ((FhirString)family).Value);
    }

    [Fact]
    public void GivenABooleanExpression_WhenPredicateIsAsked_ThenItReflectsTheData()
    {
        Assert.True(s_engine.Predicate(SamplePatient(), "active and gender = 'male'"));
        Assert.False(s_engine.Predicate(SamplePatient(), "gender = 'female'"));
        Assert.False(s_engine.Predicate(SamplePatient(), "deceased.exists()"));
    }

    [Fact]
    public void GivenTheSameExpressionTwice_WhenCompiled_ThenTheCachedInstanceIsReused()
    {
        var first = s_engine.Compile("Patient.name.family");
        var second = s_engine.Compile("Patient.name.family");

        Assert.Same(first, second);
    }

    [Theory]
    [InlineData("Patient.name.")]
    [InlineData("name.where(")]
    [InlineData("name.noSuchFunction()")]
    [InlineData("1 +* 2")]
    public void GivenAnInvalidExpression_WhenCompiled_ThenASyntaxErrorNamesTheExpression(string expression)
    {
        var error = Assert.Throws<FhirPathSyntaxException>(() => s_engine.Compile(expression));

        Assert.Equal(expression, error.Expression);
        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAContainedReference_WhenResolved_ThenTheContainedResourceIsReturned()
    {
        var name = s_engine.Select(SamplePatient(), "managingOrganization.resolve().name").Single();

        Assert.Equal("Bayu Hospital", ((FhirString)name).Value);
    }

    [Fact]
    public void GivenAResolverHook_WhenAnExternalReferenceIsResolved_ThenTheHookSuppliesTheTarget()
    {
        var patient = new Patient { GeneralPractitioner = [new ResourceReference("Practitioner/dr1")] };
        var context = new FhirPathContext
        {
            Resolver = reference => reference.EndsWith("Practitioner/dr1", StringComparison.Ordinal)
                ? new Practitioner { Id = "dr1", Name = [new HumanName { Family = "Li" }] }
                : null,
        };

        var family = s_engine.Select(patient, "generalPractitioner.resolve().name.family", context).Single();

        Assert.Equal("Li", ((FhirString)family).Value);
        Assert.Empty(s_engine.Select(new Patient { GeneralPractitioner = [new ResourceReference("Practitioner/unknown")] }, "generalPractitioner.resolve()", context));
    }

    [Fact]
    public void GivenEnvironmentVariables_WhenReferenced_ThenTheirValuesAreUsed()
    {
        var context = FhirPathContext.WithVariables([new("family", "Zhang")]);

        Assert.True(s_engine.Predicate(SamplePatient(), "name.family contains %family", context));
        Assert.True(s_engine.Predicate(SamplePatient(), "%resource.id = 'p1' and %rootResource.id = 'p1'"));
    }

    [Fact]
    public void GivenAContainedResourceAsInput_WhenRootResourceIsGiven_ThenRootResourceIsTheContainer()
    {
        var patient = SamplePatient();
        var organization = (Organization)patient.Contained[0];
        var context = new FhirPathContext { Resource = organization, RootResource = patient };

        Assert.True(s_engine.Predicate(organization, "%resource.id = 'org1' and %rootResource.id = 'p1'", context));
    }

    [Fact]
    public void GivenACodeInARegistryValueSet_WhenMemberOfIsAsked_ThenTheRegistryAnswers()
    {
        Assert.True(s_engine.Predicate(SamplePatient(), "gender.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')"));
        var observation = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept("http://example.org/x", "nope") };
        Assert.False(s_engine.Predicate(observation, "code.memberOf('http://hl7.org/fhir/ValueSet/administrative-gender')"));
    }

    [Theory]
    [InlineData("'Library/FHIR-ModelInfo'.matchesFull('Library.*')", true)]
    [InlineData("'Library/FHIR-ModelInfo'.matchesFull('Library')", false)]
    public void GivenMatchesFull_WhenEvaluated_ThenTheWholeStringMustMatch(string expression, bool expected)
    {
        Assert.Equal(expected, s_engine.Compile(expression).Predicate(null));
    }
}
