using Bayu.Fhir.Definitions;
using Bayu.Fhir.Search;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.Search;

public class SearchValueExtractorTests
{
    private static readonly SearchValueExtractor s_extractor = SearchValueExtractor.Default;

    private static SearchParameter Parameter(string type, string code) =>
        DefinitionRegistry.Default.SearchParameters.Find(type, code) ?? throw new InvalidOperationException($"{type}.{code} is not defined");

    [Fact]
    public void GivenAPatient_WhenTheNameParameterIsExtracted_ThenEveryHumanNameComesBack()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Wang" }, new HumanName { Family = "Li" }] };

        var values = s_extractor.Extract(patient, Parameter("Patient", "name"));

        Assert.Equal(["Wang", "Li"], values.Cast<HumanName>().Select(n => n.Family));
    }

    [Fact]
    public void GivenAnObservationWithAQuantity_WhenValueQuantityIsExtracted_ThenTheChoiceIsCast()
    {
        var observation = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept(), Value = new Quantity(5.4m, "mmol/L") };
        var coded = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept(), Value = new CodeableConcept("http://snomed.info/sct", "260385009") };

        var quantity = Assert.Single(s_extractor.Extract(observation, Parameter("Observation", "value-quantity")));
        Assert.Equal(5.4m, ((Quantity)quantity).Value);
        Assert.Empty(s_extractor.Extract(coded, Parameter("Observation", "value-quantity")));
    }

    [Fact]
    public void GivenASharedParameter_WhenExtractedOnOneOfItsTypes_ThenOnlyThatTypesBranchApplies()
    {
        // "clinical-patient" is shared by many types: "AllergyIntolerance.patient | ... | Observation.subject.where(resolve() is Patient) | ...".
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(),
            Subject = new ResourceReference("Patient/123"),
        };
        var aboutGroup = new Observation { Status = ObservationStatus.Final, Code = new CodeableConcept(), Subject = new ResourceReference("Group/9") };

        var reference = Assert.Single(s_extractor.Extract(observation, Parameter("Observation", "patient")));
        Assert.Equal("Patient/123", ((ResourceReference)reference).Reference);
        Assert.Empty(s_extractor.Extract(aboutGroup, Parameter("Observation", "patient")));
    }

    [Fact]
    public void GivenAParameterWithoutExpression_WhenExtracted_ThenNothingIsSelected()
    {
        var parameter = new SearchParameter { Code = "text", Type = SearchParamType.String };

        Assert.Empty(s_extractor.Extract(new Patient(), parameter));
    }

    [Fact]
    public void GivenAContainedPatient_WhenThePatientParameterIsExtracted_ThenTheContainedTargetTypeDecides()
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(),
            Subject = new ResourceReference("#p1"),
            Contained = [new Patient { Id = "p1" }],
        };
        var aboutContainedGroup = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept(),
            Subject = new ResourceReference("#g1"),
            Contained = [new Group { Id = "g1", Type = Group.GroupType.Person, Actual = true }],
        };

        Assert.Single(s_extractor.Extract(observation, Parameter("Observation", "patient")));
        Assert.Empty(s_extractor.Extract(aboutContainedGroup, Parameter("Observation", "patient")));
    }

    [Theory]
    [InlineData("Patient.telecom.where(system='phone')", true)]
    [InlineData("Resource.id", true)]
    [InlineData("(Observation.value as Quantity) | Observation.component.value.ofType(Quantity)", true)]
    [InlineData("Patient.deceased.exists() and Patient.deceased != false", false)]
    [InlineData("Patient.name.given.first()", false)]
    public void GivenAnExpression_WhenCompiled_ThenOnlySupportedShapesTakeTheFastPath(string expression, bool fast)
    {
        Assert.Equal(fast, s_extractor.IsFastPath(expression));
    }

    [Fact]
    public void GivenDuplicateValuesInAUnion_WhenExtracted_ThenTheyCollapseAsInTheEngine()
    {
        var patient = new Patient { Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "123"), new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "123")] };

        var fast = s_extractor.Extract(patient, "Patient.telecom | Practitioner.telecom");
        var engine = s_extractor.ExtractWithFhirPathEngine(patient, "Patient.telecom | Practitioner.telecom");

        Assert.Single(fast);
        Assert.Same(engine.Single(), fast.Single());
    }

    [Fact]
    public void GivenAnInvalidExpression_WhenExtracted_ThenASyntaxErrorIsRaised()
    {
        Assert.Throws<Bayu.Fhir.FhirPath.FhirPathSyntaxException>(() => s_extractor.Extract(new Patient(), "Patient.name.("));
    }
}
