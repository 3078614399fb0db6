using System.Globalization;
using Hl7.Fhir.Model;

namespace Bayu.Demo.Region;

/// <summary>Turns planned staff into Practitioner and PractitionerRole resources.</summary>
internal static class StaffResources
{
    public static string PractitionerId(StaffMember member) => $"prac-{member.Number:D5}";

    public static Practitioner Practitioner(StaffMember member, Institution institution, int seed)
    {
        var random = DemoRandom.For(seed, "staff", member.Number);
        var male = random.Next(2) == 0;
        var (family, given) = ChineseNames.Draw(ref random, male);
        var birthDate = DemoRegionOptions.ReferenceDate.AddDays(-random.Next(25 * 365, 60 * 365));
        // Licence number: role digit, region code, running number — 15 digits like the national certificates.
        var roleDigit = member.RoleCode switch { "doctor" => "1", "nurse" => "2", "pharmacist" => "3", _ => "4" };
        var licence = "1" + roleDigit + institution.RegionCode + member.Number.ToString("D7", CultureInfo.InvariantCulture);
        var qualification = member.RoleCode switch
        {
            "doctor" => "执业医师",
            "nurse" => "注册护士",
            "pharmacist" => "执业药师",
            _ => "公共卫生医师",
        };
        return new Practitioner
        {
            Id = PractitionerId(member),
            Meta = DemoMeta.Tagged(),
            Identifier = [new Identifier(DemoCodes.PractitionerLicenceSystem, licence) { Use = Identifier.IdentifierUse.Official }],
            Active = true,
            Name = [new HumanName { Use = HumanName.NameUse.Official, Text = family + given, Family = family, Given = [given] }],
            Gender = male ? AdministrativeGender.Male : AdministrativeGender.Female,
            BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Qualification = [new Practitioner.QualificationComponent { Code = new CodeableConcept { Text = qualification } }],
        };
    }

    public static PractitionerRole Role(StaffMember member, Institution institution) => new()
    {
        Id = $"role-{member.Number:D5}",
        Meta = DemoMeta.Tagged(),
        Active = true,
        Practitioner = new ResourceReference($"Practitioner/{PractitionerId(member)}"),
        Organization = new ResourceReference($"Organization/{institution.OrganizationId}", institution.Name),
        Location = [new ResourceReference($"Location/{InstitutionResources.LocationIdOf(institution)}")],
        Code = [new CodeableConcept(DemoCodes.PractitionerRoleSystem, member.RoleCode, member.RoleDisplay, member.RoleDisplay)],
        Specialty = [new CodeableConcept(DemoCodes.DepartmentSystem, member.Department, member.DepartmentDisplay, member.DepartmentDisplay)],
    };
}
