using Bayu.Fhir.Profiles;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests;

/// <summary>Real-format Chinese records (numbers valid per GB 11643-1999 and GB 32100-2015).</summary>
internal static class ProfileFixtures
{
    public static Narrative Text() => new() { Status = Narrative.NarrativeStatus.Generated, Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">x</div>" };

    public static Address ValidAddress() => new()
    {
        Country = "CN",
        State = "重庆市",
        District = "渝中区",
        Extension = [new Extension(BayuProfiles.RegionCodeExtension, new Coding(BayuProfiles.RegionSystem, "500103", "渝中区"))],
    };

    public static Patient ValidPatient() => new()
    {
        Text = Text(),
        Identifier = [new Identifier(BayuProfiles.ResidentIdSystem, "11010519491231002X")],
        Name = [new HumanName { Text = "王芳", Family = "王", Given = ["芳"] }],
        Gender = AdministrativeGender.Female,
        BirthDate = "1949-12-31",
        Address = [ValidAddress()],
    };

    public static Organization ValidOrganization() => new()
    {
        Text = Text(),
        Identifier = [new Identifier(BayuProfiles.UsccSystem, "91350100M000100Y43")],
        Type = [new CodeableConcept(BayuProfiles.InstitutionTypeSystem, "hospital", "医院")],
        Name = "重庆市第一人民医院",
        Extension = [new Extension(BayuProfiles.InstitutionLevelExtension, new Coding(BayuProfiles.InstitutionLevelSystem, "3A", "三级甲等"))],
    };
}
