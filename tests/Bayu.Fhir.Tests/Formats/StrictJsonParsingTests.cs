using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Formats.ParseAssertions;
using Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;

namespace Bayu.Fhir.Tests.Formats;

/// <summary>Each class of bad JSON input, with the exact issues and locations reported.</summary>
public sealed class StrictJsonParsingTests
{
    [Fact]
    public void GivenAValidPatient_WhenParsed_ThenItSucceedsWithNoIssues()
    {
        var result = Json("""{"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"王","given":["小明"]}]}""");

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Outcome.Issue);
        var patient = Assert.IsType<Patient>(result.Resource);
        Assert.Equal("王", patient.Name[0].Family);
    }

    [Fact]
    public void GivenAnUnknownElement_WhenParsedStrictly_ThenItIsAnErrorAtItsPath()
    {
        var result = Json("""{"resourceType":"Patient","name":[{"family":"x","nickname":"y"}]}""");

        Assert.False(result.IsSuccess);
        Assert.Null(result.Resource);
        Assert.Equal([(Severity.Error, "Patient.name[0].nickname", "Found unknown element 'nickname'.")], Issues(result));
    }

    [Fact]
    public void GivenWrongJsonTypes_WhenParsed_ThenEachIsReportedAtItsPath()
    {
        var result = Json("""{"resourceType":"Patient","active":"true","multipleBirthInteger":"2","name":[{"given":["a",3]}]}""");

        Assert.Equal(
            [
                (Severity.Error, "Patient.active", "string 'true' is not the right type of literal for a boolean."),
                (Severity.Error, "Patient.multipleBirth", "string '2' is not the right type of literal for a integer."),
                (Severity.Error, "Patient.name[0].given[1]", "integer 3 is not the right type of literal for a string."),
            ],
            Issues(result).OrderBy(i => i.Location, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void GivenASingleValueWhereAnArrayBelongs_WhenParsed_ThenTheElementIsReported()
    {
        var result = Json("""{"resourceType":"Patient","name":{"family":"x"}}""");

        Assert.Equal([(Severity.Error, "Patient.name", "Expected property to be a collection of HumanName, but found a single HumanName.")], Issues(result));
    }

    [Fact]
    public void GivenAnArrayWhereASingleValueBelongs_WhenParsed_ThenTheElementIsReported()
    {
        var result = Json("""{"resourceType":"Patient","gender":["male"]}""");

        var issue = Assert.Single(Issues(result));
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Equal("Patient.gender", issue.Location);
        Assert.Contains("but found a collection", issue.Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("birthDate", "\"2020-13-01\"", "string '2020-13-01' is not a correct literal for a date.")]
    [InlineData("id", "\"a b\"", "string 'a b' is not a correct literal for a id.")]
    [InlineData("gender", "\"xx\"", "Value 'xx' is not a correct code for valueset 'AdministrativeGender'.")]
    [InlineData("deceasedDateTime", "\"2020-02-30T10:00:00Z\"", "string '2020-02-30T10:00:00Z' is not a correct literal for a dateTime.")]
    public void GivenABadPrimitiveFormat_WhenParsed_ThenItIsAnErrorAtTheElement(string element, string value, string message)
    {
        var result = Json($$"""{"resourceType":"Patient","{{element}}":{{value}}}""");

        var location = element.StartsWith("deceased", StringComparison.Ordinal) ? "Patient.deceased" : $"Patient.{element}";
        Assert.Equal([(Severity.Error, location, message)], Issues(result));
    }

    [Fact]
    public void GivenAnUnknownResourceType_WhenParsed_ThenNoResourceIsReturned()
    {
        var result = Json("""{"resourceType":"Banana","id":"1"}""");

        Assert.Null(result.Resource);
        var issue = Assert.Single(Issues(result));
        Assert.Equal(Severity.Error, issue.Severity);
        Assert.Equal("Encountered unknown resource type 'Banana'.", issue.Diagnostics);
    }

    [Fact]
    public void GivenAMissingResourceType_WhenParsed_ThenItIsReported()
    {
        var result = Json("""{"id":"1"}""");

        Assert.Null(result.Resource);
        Assert.Equal([(Severity.Error, null, "Resource has no 'resourceType' property.")], Issues(result));
    }

    [Fact]
    public void GivenAnEmptyObject_WhenParsed_ThenItIsReportedOnceAtItsPath()
    {
        var result = Json("""{"resourceType":"Patient","contact":[{}]}""");

        Assert.Equal([(Severity.Error, "Patient.contact[0]", "An object needs to have at least one property.")], Issues(result));
    }

    [Fact]
    public void GivenAnEmptyArray_WhenParsed_ThenTheElementIsReported()
    {
        var result = Json("""{"resourceType":"Patient","id":"p1","telecom":[]}""");

        Assert.Equal([(Severity.Error, "Patient.telecom", "An array needs to have at least one element.")], Issues(result));
    }

    [Fact]
    public void GivenANullPrimitive_WhenParsed_ThenItIsReportedOnceAtItsPath()
    {
        var result = Json("""{"resourceType":"Patient","identifier":[{"system":"urn:x","value":null}]}""");

        Assert.Equal([(Severity.Error, "Patient.identifier[0].value", "Expected a primitive value, not a json null.")], Issues(result));
    }

    [Fact]
    public void GivenANullInsideAnArray_WhenParsed_ThenItIsReported()
    {
        var result = Json("""{"resourceType":"Patient","name":[{"given":["a",null]}]}""");

        Assert.Equal([(Severity.Error, "Patient.name[0].given", "Repeating elements should not contain a null value.")], Issues(result));
    }

    [Fact]
    public void GivenADuplicateProperty_WhenParsed_ThenItIsFatal()
    {
        var result = Json("""{"resourceType":"Patient","id":"1","id":"2"}""");

        Assert.Equal([(Severity.Fatal, "Patient", "Encountered duplicate property 'id'.")], Issues(result));
    }

    [Fact]
    public void GivenManyProblems_WhenParsed_ThenEveryOneIsReportedNotJustTheFirst()
    {
        var result = Json("""
            {"resourceType":"Observation","status":"done","code":{},"valueQuantity":{"value":"1"},
             "subject":{"reference":3},"note":[],"foo":true}
            """);

        Assert.Equal(
            ["Observation.code", "Observation.foo", "Observation.note", "Observation.status", "Observation.subject.reference", "Observation.value.value"],
            Locations(result).Order(StringComparer.Ordinal).ToList());
        Assert.All(result.Outcome.Issue, i => Assert.Equal(Severity.Error, i.Severity));
    }

    [Fact]
    public void GivenAnIssue_WhenReported_ThenItCarriesTheSourceLineAndColumn()
    {
        var result = Json("{\"resourceType\":\"Patient\",\n\"foo\":1}");

        var issue = Assert.Single(result.Outcome.Issue);
        Assert.Equal(2, IssueFactory.LineOf(issue));
        Assert.NotNull(IssueFactory.ColumnOf(issue));
        Assert.Equal(OperationOutcome.IssueType.Value, issue.Code);
        Assert.Equal("PVAL128", issue.Details?.Coding.Single().Code);
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\",", 1, "Expected start of a property name")]
    [InlineData("{\"resourceType\":\"Patient\"}\n{\"x\":1}", 2, "'{' is invalid after a single JSON value")]
    [InlineData("{\"resourceType\":\"Patient\",\n \"id\":\"1\",}", 2, "trailing comma")]
    [InlineData("{\"resourceType\":\"Patient\" /* c */}", 1, "'/' is invalid after a value")]
    public void GivenInvalidJsonSyntax_WhenParsed_ThenOneFatalIssueGivesTheLine(string json, int line, string message)
    {
        var result = Json(json);

        Assert.Null(result.Resource);
        var issue = Assert.Single(result.Outcome.Issue);
        Assert.Equal(Severity.Fatal, issue.Severity);
        Assert.StartsWith("Invalid JSON: ", issue.Diagnostics, StringComparison.Ordinal);
        Assert.Contains(message, issue.Diagnostics, StringComparison.Ordinal);
        Assert.Equal(line, IssueFactory.LineOf(issue));
    }

    [Theory]
    [InlineData("[]", "Expected a JSON object with a 'resourceType' at the root, found an array.")]
    [InlineData("null", "Expected a JSON object with a 'resourceType' at the root, found null.")]
    [InlineData("\"Patient\"", "Expected a JSON object with a 'resourceType' at the root, found a string.")]
    [InlineData("", "The content is empty.")]
    [InlineData(" \r\n ", "The content is empty.")]
    public void GivenSomethingOtherThanAnObject_WhenParsed_ThenItIsFatal(string json, string message)
    {
        var result = Json(json);

        Assert.Null(result.Resource);
        Assert.Equal([(Severity.Fatal, null, message)], Issues(result));
    }

    [Fact]
    public void GivenAUtf8ByteOrderMark_WhenParsed_ThenItIsIgnored()
    {
        var bytes = "\uFEFF{\"resourceType\":\"Patient\",\"id\":\"1\"}"u8.ToArray();

        var result = FhirFormats.Parse(bytes, FhirFormat.Json);

        Assert.True(result.IsSuccess, RoundTrip.Summarize(result));
    }
}
