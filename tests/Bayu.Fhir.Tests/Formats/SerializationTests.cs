using System.Text;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using static Bayu.Fhir.Tests.Formats.ParseAssertions;

namespace Bayu.Fhir.Tests.Formats;

public sealed class SerializationTests
{
    private static Patient SamplePatient() => (Patient)Json("""
        {"resourceType":"Patient","id":"p1","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">王小明</div>"},
         "active":true,"name":[{"family":"王","given":["小明"]}],"gender":"male","birthDate":"1980-05-01",
         "photo":[{"contentType":"image/png","data":"iVBORw0KGgo="}],"maritalStatus":{"text":"已婚"}}
        """).Resource!;

    [Fact]
    public void GivenChineseText_WhenSerializedToJson_ThenItIsWrittenAsUtf8NotEscaped()
    {
        var json = FhirFormats.SerializeToString(SamplePatient(), FhirFormat.Json);

        Assert.Contains("\"family\":\"王\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u", json, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenPretty_WhenSerialized_ThenTheOutputIsIndentedAndOtherwiseEqual()
    {
        var patient = SamplePatient();

        var compact = FhirFormats.SerializeToString(patient, FhirFormat.Json);
        var pretty = FhirFormats.SerializeToString(patient, FhirFormat.Json, new SerializeOptions(Pretty: true));
        var prettyXml = FhirFormats.SerializeToString(patient, FhirFormat.Xml, new SerializeOptions(Pretty: true));

        Assert.DoesNotContain('\n', compact);
        Assert.Contains("\n  \"id\": \"p1\"", pretty, StringComparison.Ordinal);
        Assert.Equal(JsonCanonicalizer.Canonicalize(compact), JsonCanonicalizer.Canonicalize(pretty));
        Assert.Contains("\n  <id value=\"p1\" />", prettyXml, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenSummaryTrue_WhenSerialized_ThenNonSummaryElementsAreLeftOutAndTheResultIsTaggedSubsetted()
    {
        var patient = SamplePatient();

        var json = FhirFormats.SerializeToString(patient, FhirFormat.Json, new SerializeOptions(Summary: SummaryType.True));

        Assert.Contains("\"birthDate\":\"1980-05-01\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("photo", json, StringComparison.Ordinal);
        Assert.DoesNotContain("maritalStatus", json, StringComparison.Ordinal);
        Assert.Contains("SUBSETTED", json, StringComparison.Ordinal);
        Assert.Null(patient.Meta); // the caller's instance is not modified
    }

    [Fact]
    public void GivenElements_WhenSerialized_ThenOnlyThoseAndMandatoryElementsAreWritten()
    {
        var json = FhirFormats.SerializeToString(SamplePatient(), FhirFormat.Json, new SerializeOptions(Elements: ["gender"]));
        var xml = FhirFormats.SerializeToString(SamplePatient(), FhirFormat.Xml, new SerializeOptions(Elements: ["gender"]));

        Assert.Contains("\"gender\":\"male\"", json, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"p1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("birthDate", json, StringComparison.Ordinal);
        Assert.DoesNotContain("name", json, StringComparison.Ordinal);
        Assert.Contains("SUBSETTED", json, StringComparison.Ordinal);
        Assert.Contains("<gender value=\"male\" />", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("birthDate", xml, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAStream_WhenSerialized_ThenItHoldsTheSameBytesAndStaysOpen()
    {
        var patient = SamplePatient();
        using var stream = new MemoryStream();

        FhirFormats.Serialize(patient, stream, FhirFormat.Json);

        Assert.True(stream.CanWrite);
        Assert.Equal(FhirFormats.Serialize(patient, FhirFormat.Json), stream.ToArray());
    }

    [Theory]
    [InlineData(FhirFormat.Json)]
    [InlineData(FhirFormat.Xml)]
    public async System.Threading.Tasks.Task GivenAStreamOfEitherFormat_WhenParsedAsync_ThenItEqualsTheSpanParse(FhirFormat format)
    {
        var bytes = FhirFormats.Serialize(SamplePatient(), format);
        using var stream = new MemoryStream(bytes);

        var result = await FhirFormats.ParseAsync(stream, format);

        Assert.True(result.IsSuccess, RoundTrip.Summarize(result));
        Assert.Equal(FhirFormats.SerializeToString(SamplePatient(), FhirFormat.Json), FhirFormats.SerializeToString(result.Resource!, FhirFormat.Json));
    }

    [Theory]
    [InlineData("{\"resourceType\":\"Patient\"}", FhirFormat.Json)]
    [InlineData("  \r\n\t{}", FhirFormat.Json)]
    [InlineData("\uFEFF<Patient xmlns=\"http://hl7.org/fhir\"/>", FhirFormat.Xml)]
    [InlineData("<?xml version=\"1.0\"?><Patient/>", FhirFormat.Xml)]
    [InlineData("resourceType=Patient", null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    public void GivenContent_WhenDetected_ThenTheFormatFollowsTheFirstSignificantCharacter(string content, FhirFormat? expected) =>
        Assert.Equal(expected, FhirFormats.DetectFormat(Encoding.UTF8.GetBytes(content)));
}
