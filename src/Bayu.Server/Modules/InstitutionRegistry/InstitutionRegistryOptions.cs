using System.ComponentModel.DataAnnotations;
using Bayu.Fhir.Profiles;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>Section <c>Bayu:Modules:InstitutionRegistry</c>, validated before the server listens.</summary>
internal sealed class InstitutionRegistryOptions
{
    /// <summary>An institution with no submission in this many days is flagged silent (unless the request says since when).</summary>
    [Range(1, 366)]
    public int SilentAfterDays { get; set; } = 7;

    /// <summary>
    /// The code system of <c>Organization.type</c> that makes an Organization a connected institution;
    /// the demo region's (DemoCodes.InstitutionTypeSystem) by default.
    /// </summary>
    [Required]
    [Url]
    public string InstitutionTypeSystem { get; set; } = BayuProfiles.InstitutionTypeSystem;
}
