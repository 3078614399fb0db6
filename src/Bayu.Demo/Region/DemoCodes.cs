namespace Bayu.Demo.Region;

/// <summary>Canonical URLs the demo region uses (the Bayu namespace of the Chinese base profiles).</summary>
public static class DemoCodes
{
    public const string ResidentIdSystem = "http://bayu.health/fhir/sid/cn-resident-id";
    public const string SocialCreditCodeSystem = "http://bayu.health/fhir/sid/cn-uscc";
    public const string PractitionerLicenceSystem = "http://bayu.health/fhir/sid/cn-practitioner-licence";
    public const string InstitutionTypeSystem = "http://bayu.health/fhir/CodeSystem/institution-type";
    public const string InstitutionLevelSystem = "http://bayu.health/fhir/CodeSystem/institution-level";
    public const string RegionSystem = "http://bayu.health/fhir/CodeSystem/cn-region";
    public const string DepartmentSystem = "http://bayu.health/fhir/CodeSystem/department";
    public const string AddressRegionExtension = "http://bayu.health/fhir/StructureDefinition/cn-region-code";
    public const string InstitutionLevelExtension = "http://bayu.health/fhir/StructureDefinition/institution-level";
    public const string OrganizationTypeSystem = "http://terminology.hl7.org/CodeSystem/organization-type";
    public const string PractitionerRoleSystem = "http://terminology.hl7.org/CodeSystem/practitioner-role";
    public const string LocationPhysicalTypeSystem = "http://terminology.hl7.org/CodeSystem/location-physical-type";

    /// <summary>Every generated resource carries this tag so demo data can be told apart (and removed).</summary>
    public const string OriginTagSystem = "http://bayu.health/fhir/CodeSystem/data-origin";
    public const string OriginTagCode = "demo";
}

/// <summary>Institution types of the <c>institution-type</c> code system.</summary>
public enum InstitutionType
{
    Hospital,
    PrimaryCareCentre,
    TownshipHealthCentre,
    VillageClinic,
    Pharmacy,
    Cdc,
    MaternalChildHospital,
    InternetHospital,
    HealthCommission,
}

internal static class InstitutionTypeCodes
{
    public static (string Code, string Display) Of(InstitutionType type) => type switch
    {
        InstitutionType.Hospital => ("hospital", "医院"),
        InstitutionType.PrimaryCareCentre => ("primary-care-centre", "社区卫生服务中心"),
        InstitutionType.TownshipHealthCentre => ("township-health-centre", "乡镇卫生院"),
        InstitutionType.VillageClinic => ("village-clinic", "村卫生室"),
        InstitutionType.Pharmacy => ("pharmacy", "药店"),
        InstitutionType.Cdc => ("cdc", "疾病预防控制中心"),
        InstitutionType.MaternalChildHospital => ("maternal-child-hospital", "妇幼保健院"),
        InstitutionType.InternetHospital => ("internet-hospital", "互联网医院"),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "A health commission has no institution type."),
    };

    public static string LevelDisplay(string level) => level switch
    {
        "3A" => "三级甲等",
        "3B" => "三级乙等",
        "2A" => "二级甲等",
        "2B" => "二级乙等",
        "1A" => "一级甲等",
        "1" => "一级",
        _ => level,
    };
}
