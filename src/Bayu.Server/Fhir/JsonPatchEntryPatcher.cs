using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Hl7.Fhir.Model;

namespace Bayu.Server.Fhir;

/// <summary>
/// PATCH entries in batch and transaction bundles: the spec carries a JSON Patch as a Binary with
/// contentType <c>application/json-patch+json</c>; it is applied like <c>PATCH /fhir/Type/id</c>.
/// </summary>
internal sealed class JsonPatchEntryPatcher(Bayu.Fhir.Formats.ParseLimits limits) : IEntryPatcher
{
    private const string JsonPatchType = "application/json-patch+json";

    public Func<string, Resource> Prepare(Resource entryResource) => entryResource switch
    {
        Binary { Data: { Length: > 0 } data } binary when binary.ContentType?.StartsWith(JsonPatchType, StringComparison.OrdinalIgnoreCase) == true =>
            Apply(JsonPatcher.Parse(data)),
        Parameters => throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported,
            $"FHIRPath Patch (Parameters) is not supported; send the patch as a Binary with contentType {JsonPatchType}"),
        _ => throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid,
            $"a PATCH entry's resource must be a Binary with contentType {JsonPatchType} and the patch as its data"),
    };

    private Func<string, Resource> Apply(Microsoft.AspNetCore.JsonPatch.SystemTextJson.JsonPatchDocument patch) =>
        json => JsonPatcher.Apply(patch, json, limits);
}
