using Bayu.Engine.Errors;
using Bayu.Fhir.Validation;
using Bayu.Server.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Validation;

/// <summary>
/// <c>POST /fhir/{type}/$validate[?profile=URL]</c>: the body is the resource, or a Parameters with
/// <c>resource</c> (and optionally <c>profile</c>). Answers 200 with the OperationOutcome whatever
/// it finds, as the operation's definition says; 4xx only when the request itself is unusable.
/// </summary>
internal static class ValidateOperation
{
    public static async Task<IResult> HandleAsync(string type, HttpRequest request, ResourceValidator validator, CancellationToken ct)
    {
        FhirEndpoints.RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        // Lenient: what the strict parser would refuse (cardinality, unknown elements) is reported
        // in the outcome, which is the point of the operation; only unusable content is a 400.
        var (body, parseIssues) = await FhirEndpoints.ReadResourceLenientAsync(request, ct).ConfigureAwait(false);
        var profile = request.Query["profile"].ToString();
        var resource = body;
        if (body is Parameters parameters && type != "Parameters")
        {
            resource = parameters.GetSingle("resource")?.Resource
                ?? throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, "the Parameters body has no 'resource' parameter to validate");
            if (parameters.GetSingle("profile")?.Value is PrimitiveType { } given && given.ToString() is { Length: > 0 } url)
            {
                profile = url;
            }
        }
        if (resource.TypeName != type)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, $"$validate on {type} received a {resource.TypeName}");
        }
        var outcome = validator.Validate(resource, string.IsNullOrWhiteSpace(profile) ? null : profile);
        if (parseIssues.Count > 0)
        {
            outcome.Issue.RemoveAll(i => i.Code == OperationOutcome.IssueType.Informational);
            outcome.Issue.InsertRange(0, parseIssues);
        }
        return FhirResponse.Model(200, outcome, negotiation);
    }
}
