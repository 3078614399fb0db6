using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using static Bayu.Fhir.Tests.Formats.ParseAssertions;
using Severity = Hl7.Fhir.Model.OperationOutcome.IssueSeverity;

namespace Bayu.Fhir.Tests.Formats;

public sealed class DecimalPrecisionTests
{
    private static string Observation(string value) =>
        $$$"""{"resourceType":"Observation","status":"final","code":{"text":"x"},"valueQuantity":{"value":{{{value}}},"unit":"mg"}}""";

    [Theory]
    [InlineData("1.50")]
    [InlineData("1.500000")]
    [InlineData("0.0010")]
    [InlineData("-12.340")]
    [InlineData("100")]
    [InlineData("3.1415926535897932384626433832")]
    public void GivenADecimal_WhenRoundTrippedThroughJsonAndXml_ThenItsLiteralIsKeptExactly(string literal)
    {
        var parsed = Json(Observation(literal));
        Assert.True(parsed.IsSuccess, RoundTrip.Summarize(parsed));

        var json = FhirFormats.SerializeToString(parsed.Resource!, FhirFormat.Json);
        var xml = FhirFormats.SerializeToString(parsed.Resource!, FhirFormat.Xml);
        var fromXml = Xml(xml);

        Assert.Contains($"\"value\":{literal},", json, StringComparison.Ordinal);
        Assert.Contains($"<value value=\"{literal}\" />", xml, StringComparison.Ordinal);
        Assert.Equal(json, FhirFormats.SerializeToString(fromXml.Resource!, FhirFormat.Json));
    }

    [Fact]
    public void GivenAnExponent_WhenParsed_ThenTheChangeOfNotationIsAWarning()
    {
        var result = Json(Observation("1.0e2"));

        Assert.True(result.IsSuccess);
        Assert.Equal(
            [(Severity.Warning, "Observation.valueQuantity.value", "The number 1.0e2 uses an exponent, which cannot be kept; it is stored as 100, with a different precision.")],
            Issues(result));
    }

    [Theory]
    [InlineData("1.0E-245", "0.0000000000000000000000000000")]
    [InlineData("1.2345678901234567890123456789012e3", "1234.5678901234567890123456789")]
    public void GivenAnExponentWhoseValueCannotBeStored_WhenParsedStrictly_ThenItIsAnError(string literal, string stored)
    {
        var result = Json(Observation(literal));

        Assert.Null(result.Resource);
        Assert.Equal(
            [(Severity.Error, "Observation.valueQuantity.value", $"The number {literal} has more significant digits than can be stored exactly; it would be stored as {stored}.")],
            Issues(result));
    }

    [Fact]
    public void GivenMoreDigitsThanCanBeStored_WhenParsedStrictly_ThenItIsAnError()
    {
        var literal = "0.12345678901234567890123456789012";

        var strict = Json(Observation(literal));
        var lenient = Json(Observation(literal), ParseMode.Lenient);

        Assert.Null(strict.Resource);
        Assert.Equal(
            [(Severity.Error, "Observation.valueQuantity.value", $"The number {literal} has more significant digits than can be stored exactly; it would be stored as 0.1234567890123456789012345679.")],
            Issues(strict));
        Assert.True(lenient.IsSuccess);
        Assert.Equal(Severity.Warning, Assert.Single(lenient.Outcome.Issue).Severity);
    }

    [Fact]
    public void GivenAnInexactNumberInsideArrays_WhenReported_ThenTheLocationCountsItems()
    {
        var json = """
            {"resourceType":"Observation","status":"final","code":{"text":"x"},
             "component":[{"code":{"text":"a"},"valueQuantity":{"value":1}},{"code":{"text":"b"},"valueQuantity":{"value":2E1}}]}
            """;

        var result = Json(json);

        Assert.Equal(["Observation.component[1].valueQuantity.value"], Locations(result));
    }
}
