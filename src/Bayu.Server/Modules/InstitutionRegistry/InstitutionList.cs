using System.Globalization;
using Bayu.Engine.Context;
using Bayu.Engine.Interactions;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// The connected institutions: the Organizations of the shared record typed in the institution-type
/// code system, read through the engine with the caller's context, so whatever the caller may not
/// search (later: security narrowing) is not listed either.
/// </summary>
internal static class InstitutionList
{
    public static async Task<IReadOnlyList<Institution>> ReadAsync(FhirEngine engine, RequestContext context, string typeSystem, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var pageSize = engine.Options.SearchLimits.MaxCount;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var institutions = new List<Institution>();
        for (var offset = 0; ; offset += pageSize)
        {
            // "system|" matches any code of the system; pages by id, so a concurrent write moves
            // at most a page boundary (the id set removes what a shift repeats).
            var page = await engine.SearchAsync(context, "Organization",
            [
                new("type", typeSystem + "|"),
                new("_sort", "_id"),
                new("_count", pageSize.ToString(CultureInfo.InvariantCulture)),
                new("_offset", offset.ToString(CultureInfo.InvariantCulture)),
            ], ct: ct).ConfigureAwait(false);
            foreach (var stored in page.Result.Resources)
            {
                if (seen.Add(stored.Id) && FhirFormats.Parse(stored.Json ?? "", FhirFormat.Json, ParseMode.Lenient, ParseLimits.Stored).Resource is Organization organization)
                {
                    var types = organization.Type.SelectMany(t => t.Coding).Where(c => c.System == typeSystem).ToList();
                    institutions.Add(new Institution(stored.Id, organization.Name, types));
                }
            }
            if (!page.HasMore)
            {
                return institutions;
            }
        }
    }
}
