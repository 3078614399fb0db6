using System.Globalization;
using Bayu.Crypto.Identifiers;
using Hl7.Fhir.Model;

namespace Bayu.Demo.Region;

/// <summary>Turns planned institutions into Organization and Location resources.</summary>
internal static class InstitutionResources
{
    public const string CityLocationId = "loc-cq";

    public static Organization Organization(Institution institution, RegionCatalog catalog)
    {
        var district = DistrictOf(institution, catalog);
        var organization = new Organization
        {
            Id = institution.OrganizationId,
            Meta = DemoMeta.Tagged(),
            Identifier = [new Identifier(DemoCodes.SocialCreditCodeSystem, SocialCreditCode(institution)) { Use = Identifier.IdentifierUse.Official }],
            Active = true,
            Name = institution.Name,
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Work, LandLine(institution))],
            Address = [DemoMeta.AddressIn(district, AddressLine(institution))],
        };
        if (institution.Type == InstitutionType.HealthCommission)
        {
            organization.Type.Add(new CodeableConcept(DemoCodes.OrganizationTypeSystem, "govt", "Government", "卫生健康行政部门"));
        }
        else
        {
            var (code, display) = InstitutionTypeCodes.Of(institution.Type);
            organization.Type.Add(new CodeableConcept(DemoCodes.InstitutionTypeSystem, code, display, display));
            if (institution.Level is { } level)
            {
                var levelDisplay = InstitutionTypeCodes.LevelDisplay(level);
                organization.Extension.Add(new Extension(DemoCodes.InstitutionLevelExtension, new Coding(DemoCodes.InstitutionLevelSystem, level, levelDisplay)));
            }
            organization.Type.Add(new CodeableConcept(DemoCodes.OrganizationTypeSystem, "prov", "Healthcare Provider"));
        }
        if (institution.ParentKey is { } parent)
        {
            organization.PartOf = new ResourceReference($"Organization/org-{parent}");
        }
        return organization;
    }

    public static Location CityLocation() => new()
    {
        Id = CityLocationId,
        Meta = DemoMeta.Tagged(),
        Identifier = [new Identifier(DemoCodes.RegionSystem, RegionCatalog.CityCode)],
        Status = Hl7.Fhir.Model.Location.LocationStatus.Active,
        Name = RegionCatalog.CityName,
        Mode = Hl7.Fhir.Model.Location.LocationMode.Instance,
        PhysicalType = new CodeableConcept(DemoCodes.LocationPhysicalTypeSystem, "jdn", "Jurisdiction"),
        ManagingOrganization = new ResourceReference("Organization/org-cq-hc"),
    };

    public static Location Location(Institution institution, RegionCatalog catalog)
    {
        var district = DistrictOf(institution, catalog);
        // A district commission stands for its district: its location is the district's jurisdiction.
        var isJurisdiction = institution.Type == InstitutionType.HealthCommission;
        var location = new Location
        {
            Id = isJurisdiction ? $"loc-{institution.RegionCode}" : institution.LocationId,
            Meta = DemoMeta.Tagged(),
            Status = Hl7.Fhir.Model.Location.LocationStatus.Active,
            Name = isJurisdiction ? district!.Name : institution.Name,
            Mode = Hl7.Fhir.Model.Location.LocationMode.Instance,
            PhysicalType = isJurisdiction
                ? new CodeableConcept(DemoCodes.LocationPhysicalTypeSystem, "jdn", "Jurisdiction")
                : new CodeableConcept(DemoCodes.LocationPhysicalTypeSystem, "bu", "Building"),
            ManagingOrganization = new ResourceReference($"Organization/{institution.OrganizationId}"),
            PartOf = new ResourceReference(isJurisdiction || district is null ? $"Location/{CityLocationId}" : $"Location/loc-{district.Code}"),
        };
        if (isJurisdiction)
        {
            location.Identifier.Add(new Identifier(DemoCodes.RegionSystem, institution.RegionCode));
        }
        else
        {
            location.Address = DemoMeta.AddressIn(district, AddressLine(institution));
        }
        return location;
    }

    public static string LocationIdOf(Institution institution) =>
        institution.Type == InstitutionType.HealthCommission ? $"loc-{institution.RegionCode}" : institution.LocationId;

    private static District? DistrictOf(Institution institution, RegionCatalog catalog) =>
        catalog.Districts.FirstOrDefault(d => d.Code == institution.RegionCode);

    private static string SocialCreditCode(Institution institution)
    {
        // Commissions are government organs (11), public health institutions are 事业单位 (12),
        // pharmacies are companies (91); the organisation code body is the plan's ordinal.
        var prefix = institution.Type switch
        {
            InstitutionType.HealthCommission => "11",
            InstitutionType.Pharmacy => "91",
            _ => "12",
        };
        var body = (45_000_000 + institution.Ordinal).ToString(CultureInfo.InvariantCulture);
        return UnifiedSocialCreditCode.Create(prefix, institution.RegionCode, body);
    }

    private static string LandLine(Institution institution) =>
        "023-6" + (1_000_000 + (institution.Ordinal * 7_919 % 9_000_000)).ToString("D7", CultureInfo.InvariantCulture);

    private static string AddressLine(Institution institution) =>
        $"{institution.StreetName}{ChineseNames.Roads[institution.Ordinal % ChineseNames.Roads.Length]}{(institution.Ordinal * 37 % 300) + 1}号";
}
