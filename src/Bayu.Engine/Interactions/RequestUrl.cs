using Bayu.Engine.Errors;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>The parts of a bundle entry's <c>request.url</c>: <c>Type</c>, <c>Type/id</c>, <c>Type/id/_history/vid</c>, <c>Type?query</c>.</summary>
public sealed record RequestUrl(string ResourceType, string? Id, int? VersionId, string? Query)
{
    public static RequestUrl Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "bundle entry has no request.url");
        }
        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? url : url[..question];
        var query = question < 0 ? null : url[(question + 1)..];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Absolute URLs (our own base) are accepted: the path starts at the first resource type.
        var start = Array.FindIndex(segments, ModelInfo.IsKnownResource);
        if (start < 0)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"request.url '{url}' does not name a resource type");
        }
        var rest = segments[start..];
        int? version = null;
        if (rest.Length == 4 && rest[2] == "_history" && int.TryParse(rest[3], System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            version = v;
        }
        else if (rest.Length > 2)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"request.url '{url}' is not supported in a bundle");
        }
        return new RequestUrl(rest[0], rest.Length > 1 ? rest[1] : null, version, query);
    }
}
