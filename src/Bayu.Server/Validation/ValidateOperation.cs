using Bayu.Engine.Errors;
using Bayu.Engine.Operations;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;

namespace Bayu.Server.Validation;

/// <summary>
/// <c>POST [base]/[type]/$validate[?profile=URL]</c>: the body is the resource, or a Parameters with
/// <c>resource</c> (and optionally <c>profile</c>). Answers 200 with the OperationOutcome whatever
/// it finds, as the operation's definition says; 4xx only when the request itself is unusable.
/// </summary>
internal sealed class ValidateOperation(ResourceValidator validator) : IOperationHandler
{
    public string Name => "validate";

    public string Definition => "http://hl7.org/fhir/OperationDefinition/Resource-validate";

    public bool SystemLevel => false;

    public bool TypeLevel => true;

    public bool InstanceLevel => false;

    public IReadOnlyCollection<string>? Types => null;

    // Validation changes nothing, but its input is a body: GET has none to validate.
    public bool AffectsState => true;

    // What the strict parser would refuse (cardinality, unknown elements) is reported in the
    // outcome, which is the point of the operation; only unusable content is a 400.
    public bool LenientBody => true;

    public System.Threading.Tasks.Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        var body = call.Body ?? throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the request body is empty");
        var profile = call.Parameters.Parameter.FirstOrDefault(p => p.Name == "profile" && p.Value is FhirString)?.Value?.ToString() ?? "";
        var resource = body;
        if (body is Parameters parameters && call.ResourceType != "Parameters")
        {
            resource = parameters.GetSingle("resource")?.Resource
                ?? throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the Parameters body has no 'resource' parameter to validate");
            if (parameters.GetSingle("profile")?.Value is PrimitiveType { } given && given.ToString() is { Length: > 0 } url)
            {
                profile = url;
            }
        }
        if (resource.TypeName != call.ResourceType)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, $"$validate on {call.ResourceType} received a {resource.TypeName}");
        }
        var outcome = validator.Validate(resource, string.IsNullOrWhiteSpace(profile) ? null : profile);
        if (call.BodyIssues.Count > 0)
        {
            outcome.Issue.RemoveAll(i => i.Code == OperationOutcome.IssueType.Informational);
            outcome.Issue.InsertRange(0, call.BodyIssues);
        }
        return System.Threading.Tasks.Task.FromResult(OperationResult.Of(outcome));
    }
}
