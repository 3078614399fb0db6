using Bayu.Engine.Errors;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>How the client wants the answer: format (<c>_format</c>, then <c>Accept</c>), <c>_pretty</c>, <c>_summary</c>, <c>_elements</c>, <c>Prefer</c>.</summary>
public sealed record FhirNegotiation(FhirFormat Format, bool Pretty, SummaryType Summary, IReadOnlyList<string>? Elements, string? Return, bool Lenient)
{
    public const string JsonContentType = "application/fhir+json; charset=utf-8";
    public const string XmlContentType = "application/fhir+xml; charset=utf-8";

    /// <summary>True when the stored JSON can be sent byte for byte (no model needed).</summary>
    public bool CanServeStoredJson => Format == FhirFormat.Json && !Pretty && Summary == SummaryType.False && Elements is null;

    public string ContentType => Format == FhirFormat.Json ? JsonContentType : XmlContentType;

    public SerializeOptions SerializeOptions => new(Pretty, Summary, Elements);

    public static FhirNegotiation From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = request.Query;
        var format = query.TryGetValue("_format", out var f) && f.ToString() is { Length: > 0 } requested
            ? ParseMediaType(requested) ?? throw new FhirError(FhirErrorKind.NotAcceptable, OperationIssue.NotSupported, $"_format '{requested}' is not supported (json or xml)")
            : FromAccept(request.Headers.Accept.ToString()) ?? (request.ContentType is { } sent ? ParseMediaType(sent) : null) ?? FhirFormat.Json;
        var pretty = query.TryGetValue("_pretty", out var p) && string.Equals(p.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        var summary = SummaryType.False;
        if (query.TryGetValue("_summary", out var s) && s.ToString() is { Length: > 0 } summaryText)
        {
            summary = summaryText switch
            {
                "true" => SummaryType.True,
                "false" => SummaryType.False,
                "text" => SummaryType.Text,
                "data" => SummaryType.Data,
                "count" => SummaryType.Count,
                _ => throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, $"_summary '{summaryText}' is not one of true, false, text, data, count"),
            };
        }
        IReadOnlyList<string>? elements = query.TryGetValue("_elements", out var e) && e.ToString() is { Length: > 0 } elementText
            ? elementText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : null;
        var prefer = request.Headers["Prefer"].ToString();
        string? returnPreference = null;
        var lenient = false;
        foreach (var part in prefer.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("return=", StringComparison.OrdinalIgnoreCase))
            {
                returnPreference = part[7..].Trim('"');
            }
            else if (part.Equals("handling=lenient", StringComparison.OrdinalIgnoreCase))
            {
                lenient = true;
            }
        }
        return new FhirNegotiation(format, pretty, summary, elements, returnPreference, lenient);
    }

    /// <summary>Format of a request body from its Content-Type; 415 when it is neither JSON nor XML.</summary>
    public static FhirFormat BodyFormat(HttpRequest request, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(request);
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return FhirFormats.DetectFormat(body) ?? throw new FhirError(FhirErrorKind.UnsupportedMediaType, OperationIssue.NotSupported, "the request has no Content-Type and is neither JSON nor XML");
        }
        return ParseMediaType(contentType) ?? throw new FhirError(FhirErrorKind.UnsupportedMediaType, OperationIssue.NotSupported, $"Content-Type '{contentType}' is not supported; use application/fhir+json or application/fhir+xml");
    }

    /// <summary>The first FHIR format the client accepts; null when it names none (then the body's format answers).</summary>
    private static FhirFormat? FromAccept(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return null;
        }
        foreach (var item in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (ParseMediaType(item) is { } format)
            {
                return format;
            }
        }
        return null;
    }

    private static FhirFormat? ParseMediaType(string value)
    {
        var media = value.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "json" or "application/json" or "application/fhir+json" or "application/json+fhir" or "text/json" => FhirFormat.Json,
            "xml" or "application/xml" or "application/fhir+xml" or "application/xml+fhir" or "text/xml" => FhirFormat.Xml,
            _ => null,
        };
    }
}

/// <summary>Short names for the issue types the REST layer uses.</summary>
internal static class OperationIssue
{
    public const OperationOutcome.IssueType NotSupported = OperationOutcome.IssueType.NotSupported;
    public const OperationOutcome.IssueType Invalid = OperationOutcome.IssueType.Invalid;
    public const OperationOutcome.IssueType NotFound = OperationOutcome.IssueType.NotFound;
    public const OperationOutcome.IssueType Deleted = OperationOutcome.IssueType.Deleted;
}
