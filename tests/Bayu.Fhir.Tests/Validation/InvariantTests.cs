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

    [Theory]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\">\n    </div>")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><pre>\n  </pre></div>")]
    public void GivenWhitespaceOnlyNarrative_WhenValidated_ThenTxt2ButNotTxt1(string div)
    {
        var patient = new Patient { Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = div } };
        ExactErrors(Validate(patient), ("txt-2", "Patient.text.div"));
    }

    [Fact]
    public void GivenNarrativeWithScript_WhenValidated_ThenTxt1ButNotTxt2()
    {
        var patient = new Patient { Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">Li Lei<script>alert(1)</script></div>" } };
        ExactErrors(Validate(patient), ("txt-1", "Patient.text.div"));
    }

    [Theory]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>李雷, 1990-05-01</p></div>")]
    [InlineData("<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"#photo\" alt=\"\"/></div>")]
    public void GivenNarrativeWithTextOrImage_WhenValidated_ThenNoNarrativeErrors(string div) =>
        NoErrors(Validate(new Patient { Text = new Narrative { Status = Narrative.NarrativeStatus.Generated, Div = div } }));

    [Fact]
    public void GivenEnableWhenExistsWithBooleanAnswer_WhenValidated_ThenQue7HoldsButOtherAnswerTypesFail()
    {
        var questionnaire = new Questionnaire
        {
            Status = PublicationStatus.Draft,
            Item =
            [
                new Questionnaire.ItemComponent { LinkId = "1", Type = Questionnaire.QuestionnaireItemType.Boolean, Text = "Smoker?" },
                new Questionnaire.ItemComponent
                {
                    LinkId = "2",
                    Type = Questionnaire.QuestionnaireItemType.Integer,
                    Text = "Cigarettes per day",
                    EnableWhen = [new Questionnaire.EnableWhenComponent { Question = "1", Operator = Questionnaire.QuestionnaireItemOperator.Exists, Answer = new FhirBoolean(true) }],
                },
            ],
        };
        NoErrors(Validate(questionnaire));

        questionnaire.Item[1].EnableWhen[0].Answer = new FhirString("yes");
        ExactErrors(Validate(questionnaire), ("que-7", "Questionnaire.item[1].enableWhen[0]"));
    }
}
