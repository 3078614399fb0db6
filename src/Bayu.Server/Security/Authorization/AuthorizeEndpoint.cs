using System.Security.Claims;
using Bayu.Engine.Access;
using Bayu.Server.Security.Accounts;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// SMART App Launch's authorize step (GET and POST): checks <c>aud</c>, sends a person who has not
/// signed in to the login page, resolves the launch context (a resident is their own patient; a
/// practitioner picks one in reach, or the EHR's <c>launch</c> names one) and issues the code.
/// </summary>
internal static class AuthorizeEndpoint
{
    public const string SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public static async Task<IResult> HandleAsync(HttpContext http, AccountService accounts, LaunchContexts launches, CareRelationships care, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenIddict authorization request");
        var fhirBase = PublicUrls.FhirBase(http);
        if (request.GetParameter("aud")?.ToString() is not { } aud || !PublicUrls.SameUrl(aud, fhirBase))
        {
            return OAuthRefusal.Refuse(Errors.InvalidRequest, $"aud must be this server's FHIR base URL, {fhirBase}");
        }
        var cookie = await http.AuthenticateAsync(SignInScheme).ConfigureAwait(false);
        if (!cookie.Succeeded || request.HasPromptValue(PromptValues.Login))
        {
            if (request.HasPromptValue(PromptValues.None))
            {
                return OAuthRefusal.Refuse(Errors.LoginRequired, "the person is not signed in");
            }
            return Results.Challenge(new AuthenticationProperties { RedirectUri = http.Request.PathBase + http.Request.Path + QueryString.Create(ParametersOf(request)) }, [SignInScheme]);
        }
        var account = await accounts.FindByIdAsync(cookie.Principal!.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct).ConfigureAwait(false);
        if (account is null || account.Disabled)
        {
            await http.SignOutAsync(SignInScheme).ConfigureAwait(false);
            return OAuthRefusal.Refuse(Errors.AccessDenied, "the account is no longer active");
        }

        var scopes = request.GetScopes();
        string? patient = null;
        string? encounter = null;
        if (request.GetParameter("launch")?.ToString() is { Length: > 0 } launch)
        {
            if (launches.Take(launch) is not { } context)
            {
                return OAuthRefusal.Refuse(Errors.InvalidRequest, "the launch parameter is unknown or expired");
            }
            (patient, encounter) = (context.Patient, context.Encounter);
        }
        else if (scopes.Contains("launch/patient"))
        {
            patient = account.Kind == AccountKind.Resident ? account.ActsFor ?? account.FhirUser : http.Request.Query["bayu_patient"].ToString() is { Length: > 0 } picked ? "Patient/" + picked : null;
            if (patient is null)
            {
                return Results.Redirect("/auth/pick-patient?returnUrl=" + Uri.EscapeDataString(http.Request.PathBase + http.Request.Path + QueryString.Create(ParametersOf(request))));
            }
        }
        if (patient is not null && account.Kind == AccountKind.Practitioner && !await InReachAsync(account, patient, care, ct).ConfigureAwait(false))
        {
            return OAuthRefusal.Refuse(Errors.AccessDenied, "the patient is not in the practitioner's care");
        }

        var identity = Identities.ForAccount(account, fhirBase, patient, encounter);
        identity.SetScopes(scopes.Where(s => !s.StartsWith("system/", StringComparison.Ordinal)));
        identity.SetResources(SmartClaims.FhirAudience);
        Identities.SetDestinations(identity);
        // The launch context goes to the token response (TokenEndpoint), not into the redirect URL.
        return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static async Task<bool> InReachAsync(Account account, string patient, CareRelationships care, CancellationToken ct) =>
        account.Organization is { } organization && (await care.PatientsOfAsync(organization, ct).ConfigureAwait(false)).Contains(patient["Patient/".Length..]);

    private static Dictionary<string, string?> ParametersOf(OpenIddictRequest request) =>
        request.GetParameters().ToDictionary(p => p.Key, p => (string?)p.Value.ToString(), StringComparer.Ordinal);
}
