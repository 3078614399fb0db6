using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.Formats;

internal static class ParseAssertions
{
    /// <summary>Issues as (severity, location, diagnostics) for compact exact assertions.</summary>
    public static List<(OperationOutcome.IssueSeverity? Severity, string? Location, string Diagnostics)> Issues(ParseResult result) =>
        [.. result.Outcome.Issue.Select(i => (i.Severity, i.Expression.SingleOrDefault(), i.Diagnostics ?? ""))];

    public static List<string?> Locations(ParseResult result) =>
        [.. result.Outcome.Issue.Select(i => i.Expression.SingleOrDefault())];

    public static ParseResult Json(string json, ParseMode mode = ParseMode.Strict) => FhirFormats.Parse(json, FhirFormat.Json, mode);

    public static ParseResult Xml(string xml, ParseMode mode = ParseMode.Strict) => FhirFormats.Parse(xml, FhirFormat.Xml, mode);
}
