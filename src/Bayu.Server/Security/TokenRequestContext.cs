using System.Security.Claims;
using Bayu.Engine.Access;
using Bayu.Engine.Context;
using Bayu.Server.Fhir;
using Bayu.Server.Security.Authorization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security;

/// <summary>
/// Turns the validated access token into the engine's <see cref="RequestContext"/>: who (the account
/// or the backend client), the FHIR user, roles, institution, scopes, the patient in context, and a
/// practitioner's break-glass reason (header <c>X-Bayu-Break-Glass</c>). The platform's own
/// endpoints (<c>/platform/…</c>) are for administrators and backend clients only.
/// </summary>
internal sealed class TokenRequestContext(RequestDelegate next)
{
    public const string BreakGlassHeader = "X-Bayu-Break-Glass";

    public async Task InvokeAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true && http.User.GetClaim(SmartClaims.Kind) is { } kind)
        {
            var context = From(http.User, kind, http.TraceIdentifier);
            if (http.Request.Headers[BreakGlassHeader].ToString() is { Length: > 0 } reason && context.Principal.PractitionerRole is not null)
            {
                context = context with { BreakGlassReason = reason.Length > 500 ? reason[..500] : reason };
            }
            http.SetFhirContext(context);
            if (http.Request.Path.StartsWithSegments("/platform") && !MayUsePlatform(context, HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
            {
                await SecurityRefusals.WriteAsync(http, StatusCodes.Status403Forbidden, "the platform's operations (jobs, modules) are for platform administrators and backend clients with a system/* scope").ConfigureAwait(false);
                return;
            }
        }
        await next(http).ConfigureAwait(false);
    }

    /// <summary>
    /// Jobs and modules act on the whole store: a platform administrator, or a backend client whose
    /// grant is unbounded (<c>system/*.rs</c> to look, <c>system/*.cruds</c> to start or cancel).
    /// </summary>
    private static bool MayUsePlatform(RequestContext context, bool readOnly)
    {
        if (context.Principal.Kind != PrincipalKind.Client)
        {
            return context.Roles.Contains("platform-admin");
        }
        var needed = readOnly ? ScopePermission.Read | ScopePermission.Search : ScopePermission.Create | ScopePermission.Update | ScopePermission.Delete;
        return context.Scopes.Any(text => SmartScope.TryParse(text, out var scope) && scope.Level == ScopeLevel.System && scope.IsWildcard
            && scope.Filters.Count == 0 && (scope.Permissions & needed) == needed);
    }

    internal static RequestContext From(ClaimsPrincipal user, string kind, string requestId)
    {
        var subject = user.GetClaim(Claims.Subject) ?? "unknown";
        var fhirUser = user.GetClaim(SmartClaims.FhirUser) is { } url ? Relative(url) : null;
        var principal = kind == SmartClaims.ClientKind
            ? new Principal(PrincipalKind.Client, subject)
            : new Principal(PrincipalKind.Person, subject, fhirUser, user.GetClaim(SmartClaims.PractitionerRole), user.GetClaim(SmartClaims.Organization));
        return new RequestContext
        {
            RequestId = requestId,
            Principal = principal,
            ClientId = user.GetClaim(Claims.ClientId) ?? user.GetClaim(Claims.Private.Presenter) ?? (kind == SmartClaims.ClientKind ? subject : null),
            Scopes = user.GetScopes().ToHashSet(StringComparer.Ordinal),
            Roles = (user.GetClaim(SmartClaims.Roles) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
            PatientInContext = user.GetClaim(SmartClaims.Patient) is { } patient ? "Patient/" + patient : null,
            PurposeOfUse = kind == SmartClaims.ClientKind ? "HOPERAT" : "TREAT",
        };
    }

    /// <summary><c>https://host/fhir/Patient/1</c> → <c>Patient/1</c>: the engine works with relative references.</summary>
    private static string Relative(string url)
    {
        var parts = url.TrimEnd('/').Split('/');
        return parts.Length >= 2 ? parts[^2] + "/" + parts[^1] : url;
    }
}
