using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Formats.ParseAssertions;
using Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;

namespace Bayu.Fhir.Tests.Formats;

public sealed class LenientParsingTests
{
    [Fact]
    public void GivenProblemsThatLeaveTheModelReadable_WhenParsedLeniently_ThenTheyAreWarningsAndTheResourceIsReturned()
    {
        var json = """
            {"resourceType":"Patient","id":"p1","foo":1,"contact":[{}],"telecom":[],
             "identifier":[{"system":"urn:x","value":null}],"text":{"status":"generated","div":"<div>no namespace</div>"},
             "name":[{"family":"x"}]}
            """;

        var strict = Json(json);
        var lenient = Json(json, ParseMode.Lenient);

        Assert.Null(strict.Resource);
        Assert.True(lenient.IsSuccess, RoundTrip.Summarize(lenient));
        var patient = Assert.IsType<Patient>(lenient.Resource);
        Assert.Equal("x", patient.Name.Single().Family);
        Assert.Equal("urn:x", patient.Identifier.Single().System);
        Assert.Equal(
            ["Patient.contact[0]", "Patient.foo", "Patient.identifier[0].value", "Patient.telecom", "Patient.text.div"],
            Locations(lenient).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(Locations(strict).Order(StringComparer.Ordinal), Locations(lenient).Order(StringComparer.Ordinal));
        Assert.All(lenient.Outcome.Issue, i => Assert.Equal(Severity.Warning, i.Severity));
    }

    [Theory]
    [InlineData("""{"resourceType":"Patient","id":"p1","active":"true"}""", "Patient.active")]
    [InlineData("""{"resourceType":"Patient","id":"p1","name":{"family":"x"}}""", "Patient.name")]
    [InlineData("""{"resourceType":"Patient","id":"p1","gender":"xx"}""", "Patient.gender")]
    [InlineData("""{"resourceType":"Patient","id":"p1","birthDate":"2020-13-01"}""", "Patient.birthDate")]
    [InlineData("""{"resourceType":"Patient","id":"p1","name":[{"given":["a",null]}]}""", "Patient.name[0].given")]
    public void GivenProblemsWhoseDataTheModelCannotHold_WhenParsedLeniently_ThenTheyStayErrors(string json, string location)
    {
        // The SDK would keep such values in overflow, where reading the property throws.
        var result = Json(json, ParseMode.Lenient);

        Assert.Null(result.Resource);
        var issue = Assert.Single(result.Outcome.Issue);
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Equal(location, issue.Expression.Single());
    }

    [Fact]
    public void GivenCommentsAndTrailingCommas_WhenParsedLeniently_ThenTheyAreSkippedWithAWarning()
    {
        var json = "{\"resourceType\":\"Patient\", /* legacy export */ \"id\":\"p1\",}";

        var strict = Json(json);
        var lenient = Json(json, ParseMode.Lenient);

        Assert.Equal(Severity.Fatal, Assert.Single(strict.Outcome.Issue).Severity);
        Assert.True(lenient.IsSuccess);
        var warning = Assert.Single(lenient.Outcome.Issue);
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.StartsWith("The content uses comments or trailing commas", warning.Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"resourceType":"Banana","id":"1"}""")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"resourceType":"Patient","id":"1","id":"2"}""")]
    [InlineData("""{"resourceType":"Patient",""")]
    public void GivenUnrecoverableProblems_WhenParsedLeniently_ThenTheyStayErrorsAndNoResourceIsReturned(string json)
    {
        var result = Json(json, ParseMode.Lenient);

        Assert.Null(result.Resource);
        Assert.False(result.IsSuccess);
        Assert.Contains(result.Outcome.Issue, i => i.Severity is Severity.Error or Severity.Fatal);
    }
}
