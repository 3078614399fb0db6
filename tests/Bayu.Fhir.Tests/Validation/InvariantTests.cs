using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Validation.ValidationAssert;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

public class InvariantTests
{
    [Fact]
    public void GivenContactWithNothing_WhenValidated_ThenPat1()
    {
        var patient = new Patient { Contact = [new Patient.ContactComponent { Gender = AdministrativeGender.Female }] };
        var outcome = Validate(patient);
        ExactErrors(outcome, ("pat-1", "Patient.contact[0]"));
    }

    [Fact]
    public void GivenContactWithName_WhenValidated_ThenNoPat1() =>
        NoErrors(Validate(new Patient { Contact = [new Patient.ContactComponent { Name = new HumanName { Family = "Wang" } }] }));

    [Fact]
    public void GivenValueAndDataAbsentReason_WhenValidated_ThenObs6()
    {
        var observation = CardinalityAndTypeTests.ValidObservation();
        observation.DataAbsentReason = new CodeableConcept("http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown");
        ExactErrors(Validate(observation), ("obs-6", "Observation"));
    }

    [Fact]
    public void GivenNestedContained_WhenValidated_ThenDom2()
    {
        var inner = new Organization { Id = "inner", Name = "x", Contained = [new Organization { Id = "deeper", Name = "y" }] };
        var patient = new Patient { Contained = [inner], ManagingOrganization = new ResourceReference("#inner") };
        var outcome = Validate(patient);
        Assert.Contains(Errors(outcome), i => Bayu.Fhir.Validation.ValidationIssue.RuleOf(i) == "dom-2" && i.Expression.Single() == "Patient");
    }

    [Fact]
    public void GivenUnreferencedContainedResource_WhenValidated_ThenDom3()
    {
        var patient = new Patient { Contained = [new Organization { Id = "o1", Name = "x" }] };
        ExactErrors(Validate(patient), ("dom-3", "Patient"));
    }

    [Fact]
    public void GivenResourceWithoutNarrative_WhenValidated_ThenDom6Warning()
    {
        var outcome = Validate(new Patient { Active = true });
        NoErrors(outcome);
        Assert.Equal("Patient", Single(outcome, IssueSeverity.Warning, "dom-6").Expression.Single());
    }

    [Fact]
    public void GivenPeriodEndBeforeStart_WhenValidated_ThenPer1FromTheType()
    {
        var patient = new Patient { Name = [new HumanName { Family = "Li", Period = new Period { Start = "2020-02-01", End = "2020-01-01" } }] };
        ExactErrors(Validate(patient), ("per-1", "Patient.name[0].period"));
    }
}
