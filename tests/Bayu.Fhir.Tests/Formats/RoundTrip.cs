using Bayu.Fhir.Formats;

namespace Bayu.Fhir.Tests.Formats;

/// <summary>The round trips the Must-show asks for, on one document, returning the failure (or null).</summary>
internal static class RoundTrip
{
    public const string Parse = "parse";
    public const string Json = "json";
    public const string Xml = "xml";

    /// <summary>Parses strictly, then checks JSON → model → JSON and JSON → XML → JSON against the canonical input.</summary>
    public static IEnumerable<(string Kind, string Reason)> Check(byte[] json)
    {
        var parsed = FhirFormats.Parse(json, FhirFormat.Json);
        if (!parsed.IsSuccess)
        {
            yield return (Parse, Summarize(parsed));
            yield break;
        }
        var expected = JsonCanonicalizer.Canonicalize(json);

        var again = JsonCanonicalizer.Canonicalize(FhirFormats.Serialize(parsed.Resource!, FhirFormat.Json));
        if (again != expected)
        {
            yield return (Json, JsonCanonicalizer.FirstDifference(expected, again));
        }

        var xml = FhirFormats.Serialize(parsed.Resource!, FhirFormat.Xml);
        var fromXml = FhirFormats.Parse(xml, FhirFormat.Xml);
        if (!fromXml.IsSuccess)
        {
            yield return (Xml, "XML does not parse back: " + Summarize(fromXml));
            yield break;
        }
        var expectedViaXml = JsonCanonicalizer.Canonicalize(json, xmlEquivalent: true);
        var viaXml = JsonCanonicalizer.Canonicalize(FhirFormats.Serialize(fromXml.Resource!, FhirFormat.Json), xmlEquivalent: true);
        if (viaXml != expectedViaXml)
        {
            yield return (Xml, JsonCanonicalizer.FirstDifference(expectedViaXml, viaXml));
        }
    }

    public static string Summarize(ParseResult result) =>
        string.Join("; ", result.Outcome.Issue.Take(3).Select(i => $"{i.Severity} {string.Join(",", i.Expression)}: {i.Diagnostics}"));
}
