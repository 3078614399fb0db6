using System.Text.Json.Nodes;
using System.Text.Json;
using Bayu.Engine.Errors;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>JSON Patch (RFC 6902) on the stored JSON, through ASP.NET Core's System.Text.Json JsonPatch.</summary>
internal static class JsonPatcher
{
    public static JsonPatchDocument Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonPatchDocument>(body)
                ?? throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the JSON Patch document is empty");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the JSON Patch document is malformed: " + e.Message);
        }
    }

    public static Resource Apply(JsonPatchDocument patch, string json, ParseLimits limits)
    {
        // Stored JSON nests up to twice the element limit (arrays count here): past the reader's default 64.
        var node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 512 }) ?? throw new FhirError(FhirErrorKind.Internal, OperationOutcome.IssueType.Exception, "stored resource is empty");
        try
        {
            patch.ApplyTo(node);
        }
        catch (Exception e) when (e is JsonPatchException or ArgumentException or InvalidOperationException or FormatException)
        {
            throw new FhirError(FhirErrorKind.Unprocessable, OperationOutcome.IssueType.Processing, "the patch cannot be applied: " + e.Message);
        }
        var parsed = FhirFormats.Parse(node.ToJsonString(), FhirFormat.Json, ParseMode.Strict, limits);
        if (!parsed.IsSuccess)
        {
            // The patch was well-formed but produced an invalid resource.
            throw new FhirError(FhirErrorKind.Unprocessable, parsed.Outcome);
        }
        return parsed.Resource!;
    }
}
