using System.Security.Claims;
using Bayu.Server.Security.Accounts;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security.Authorization;

/// <summary>The claims of a person's or a backend client's tokens, and where each claim goes.</summary>
internal static class Identities
{
    public static ClaimsIdentity ForAccount(Account account, string fhirBase, string? patient, string? encounter)
    {
        var identity = new ClaimsIdentity(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, account.Id);
        identity.SetClaim(SmartClaims.Kind, SmartClaims.PersonKind);
        identity.SetClaim(SmartClaims.Roles, account.Roles);
        if (account.FhirUser is { } user)
        {
            // SMART: fhirUser is the URL of the FHIR resource standing for the person.
            identity.SetClaim(SmartClaims.FhirUser, fhirBase.TrimEnd('/') + "/" + user);
        }
        if (account.PractitionerRole is { } role)
        {
            identity.SetClaim(SmartClaims.PractitionerRole, role);
        }
        if (account.Organization is { } organization)
        {
            identity.SetClaim(SmartClaims.Organization, organization);
        }
        if (patient is not null)
        {
            identity.SetClaim(SmartClaims.Patient, patient["Patient/".Length..]);
        }
        if (encounter is not null)
        {
            identity.SetClaim(SmartClaims.Encounter, encounter["Encounter/".Length..]);
        }
        return identity;
    }

    public static ClaimsIdentity ForClient(string clientId)
    {
        var identity = new ClaimsIdentity("client", Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, clientId);
        identity.SetClaim(SmartClaims.Kind, SmartClaims.ClientKind);
        return identity;
    }

    /// <summary>Everything into the access token (the FHIR API reads it); fhirUser and the subject also into the id token.</summary>
    public static void SetDestinations(ClaimsIdentity identity) => identity.SetDestinations(claim => claim.Type switch
    {
        Claims.Subject or SmartClaims.FhirUser => [Destinations.AccessToken, Destinations.IdentityToken],
        _ => [Destinations.AccessToken],
    });

    /// <summary>SMART's launch context as top-level fields of the token response (patient, encounter, need_patient_banner).</summary>
    public static AuthenticationProperties LaunchParameters(string? patient, string? encounter)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (patient is not null)
        {
            parameters[SmartClaims.Patient] = patient["Patient/".Length..];
            parameters["need_patient_banner"] = true;
        }
        if (encounter is not null)
        {
            parameters[SmartClaims.Encounter] = encounter["Encounter/".Length..];
        }
        return new AuthenticationProperties(null, parameters);
    }

    public static AuthenticationProperties LaunchParameters(ClaimsPrincipal principal) => LaunchParameters(
        principal.GetClaim(SmartClaims.Patient) is { } patient ? "Patient/" + patient : null,
        principal.GetClaim(SmartClaims.Encounter) is { } encounter ? "Encounter/" + encounter : null);
}
