using Bayu.Engine.Access;
using Bayu.Server.Fhir;
using Microsoft.AspNetCore.Mvc;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// <c>POST /auth/launch?patient=…[&amp;encounter=…]</c>: the EHR side of an EHR launch. A signed-in
/// practitioner (their own token) registers the patient they have open; the answer's <c>launch</c>
/// value goes to the app, whose authorize request carries it back. Only patients in the
/// practitioner's care may be launched.
/// </summary>
internal static class LaunchEndpoint
{
    public static async Task<IResult> Create(HttpContext http, LaunchContexts launches, CareRelationships care, [FromQuery] string? patient, [FromQuery] string? encounter, CancellationToken ct)
    {
        var context = http.FhirContext();
        if (context.Principal.Organization is not { } organization || string.IsNullOrEmpty(patient))
        {
            return Results.Problem("a practitioner's token and ?patient= are required", statusCode: StatusCodes.Status400BadRequest);
        }
        if (!(await care.PatientsOfAsync(organization, ct).ConfigureAwait(false)).Contains(patient))
        {
            return Results.Problem("the patient is not in the practitioner's care", statusCode: StatusCodes.Status403Forbidden);
        }
        var launch = launches.Create(new LaunchContext("Patient/" + patient, string.IsNullOrEmpty(encounter) ? null : "Encounter/" + encounter));
        return Results.Json(new { launch });
    }
}
