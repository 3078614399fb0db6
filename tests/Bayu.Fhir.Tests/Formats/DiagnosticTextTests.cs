using Bayu.Fhir.Formats;

namespace Bayu.Fhir.Tests.Formats;

public sealed class DiagnosticTextTests
{
    [Theory]
    [InlineData("'\0' is not a date", "'\\u0000' is not a date")]
    [InlineData("non-character \uFFFE", "non-character \\uFFFE")]
    [InlineData("bell \u0007", "bell \\u0007")]
    public void GivenTextXmlCannotCarry_WhenMadeSafe_ThenTheCharacterIsWrittenAsAnEscape(string text, string expected)
    {
        Assert.Equal(expected, DiagnosticText.Safe(text));
    }

    [Fact]
    public void GivenHalfASurrogatePair_WhenMadeSafe_ThenItIsWrittenAsAnEscape()
    {
        // Not theory data: a lone surrogate does not survive xUnit's serialisation of test cases.
        Assert.Equal("half \\uD800 pair", DiagnosticText.Safe("half \uD800 pair"));
        Assert.Equal("low \\uDC00 first", DiagnosticText.Safe("low \uDC00 first"));
        Assert.Equal("end \\uD83D", DiagnosticText.Safe("end \uD83D"));
    }

    [Theory]
    [InlineData("重庆市 tab\tnewline\n")]
    [InlineData("emoji 😀 is a pair")]
    public void GivenTextXmlCanCarry_WhenMadeSafe_ThenItIsReturnedUnchanged(string text)
    {
        Assert.Same(text, DiagnosticText.Safe(text));
    }

    [Fact]
    public void GivenAnOutcomeQuotingANul_WhenMadeSafe_ThenItSerialisesAsXml()
    {
        var outcome = new Hl7.Fhir.Model.OperationOutcome
        {
            Issue = [new() { Diagnostics = "bad \0", Details = new Hl7.Fhir.Model.CodeableConcept { Text = "\uD800" } }],
        };

        var xml = System.Text.Encoding.UTF8.GetString(FhirFormats.Serialize(DiagnosticText.Safe(outcome), FhirFormat.Xml));

        Assert.Contains("bad \\u0000", xml, StringComparison.Ordinal);
        Assert.Contains("\\uD800", xml, StringComparison.Ordinal);
    }
}
