using Bayu.Server.Fhir;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Security;

/// <summary>
/// A 401 or 403 from the authentication layer carries no body; on the FHIR and platform APIs it gets an
/// OperationOutcome saying what is missing, as every other refusal does. 401 keeps the
/// <c>WWW-Authenticate: Bearer</c> challenge OpenIddict sets.
/// </summary>
internal sealed class SecurityRefusals(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http)
    {
        await next(http).ConfigureAwait(false);
        if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null || !(http.Request.Path.StartsWithSegments("/fhir") || http.Request.Path.StartsWithSegments("/platform")))
        {
            return;
        }
        switch (http.Response.StatusCode)
        {
            case StatusCodes.Status401Unauthorized:
                await WriteAsync(http, StatusCodes.Status401Unauthorized, "an access token is required (Authorization: Bearer …); it is missing, expired, revoked, or not issued for this server").ConfigureAwait(false);
                break;
            case StatusCodes.Status403Forbidden:
                await WriteAsync(http, StatusCodes.Status403Forbidden, "the access token does not permit this request").ConfigureAwait(false);
                break;
        }
    }

    public static Task WriteAsync(HttpContext http, int status, string diagnostics)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = status == StatusCodes.Status401Unauthorized ? OperationOutcome.IssueType.Login : OperationOutcome.IssueType.Forbidden,
                Diagnostics = diagnostics,
            }],
        };
        return FhirResponse.Outcome(status, outcome).ExecuteAsync(http);
    }
}
