using System.Globalization;
using Bayu.Crypto.Identifiers;
using Hl7.Fhir.Model;

namespace Bayu.Demo.Region;

/// <summary>
/// Generates the demo region — a Chongqing-like city with its districts, institutions, staff and
/// residents — as FHIR resources. Pure: no clock, no I/O beyond the embedded region tables, and the
/// same options always give the same resources in the same order.
/// </summary>
public sealed class DemoRegionGenerator
{
    private static readonly string[] MobilePrefixes =
        ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "158", "159", "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "199"];

    private readonly RegionPlan _plan = RegionPlan.Chongqing;
    private readonly RegionCatalog _catalog = RegionCatalog.Chongqing;

    public DemoRegionGenerator(DemoRegionOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Residents);
        Options = options;
    }

    public DemoRegionOptions Options { get; }

    /// <summary>Everything, in an order where every reference points backwards: organizations, locations, staff, residents.</summary>
    public IEnumerable<Resource> Generate() => Infrastructure().Concat(Residents());

    /// <summary>What <see cref="Generate"/> yields, counted per resource type, without generating it.</summary>
    public IReadOnlyDictionary<string, int> Counts()
    {
        var locations = 1 + _plan.Institutions.Count(i => i.Type != InstitutionType.HealthCommission || i.RegionCode != RegionCatalog.CityCode);
        return new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["Organization"] = _plan.Institutions.Count,
            ["Location"] = locations,
            ["Practitioner"] = _plan.PractitionerCount,
            ["PractitionerRole"] = _plan.PractitionerCount,
            ["Patient"] = Options.Residents,
        };
    }

    /// <summary>Institutions per type, for the start-up printout.</summary>
    public IReadOnlyDictionary<InstitutionType, int> InstitutionsByType() =>
        _plan.Institutions.GroupBy(i => i.Type).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());

    public int DistrictCount => _catalog.Districts.Count;

    public IEnumerable<Resource> Infrastructure()
    {
        foreach (var institution in _plan.Institutions)
        {
            yield return InstitutionResources.Organization(institution, _catalog);
        }
        yield return InstitutionResources.CityLocation();
        foreach (var institution in _plan.Institutions)
        {
            // The city commission is represented by the city location itself; every district commission
            // becomes the jurisdiction location of its district.
            if (institution.Type == InstitutionType.HealthCommission && institution.RegionCode == RegionCatalog.CityCode)
            {
                continue;
            }
            yield return InstitutionResources.Location(institution, _catalog);
        }
        foreach (var institution in _plan.Institutions)
        {
            foreach (var member in institution.Staff)
            {
                yield return StaffResources.Practitioner(member, institution, Options.Seed);
            }
        }
        foreach (var institution in _plan.Institutions)
        {
            foreach (var member in institution.Staff)
            {
                yield return StaffResources.Role(member, institution);
            }
        }
    }

    public IEnumerable<Patient> Residents()
    {
        // Resident ID numbers must be unique; on the rare clash the sequence moves on by two (keeping the sex).
        var issued = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 1; index <= Options.Residents; index++)
        {
            yield return Resident(index, issued);
        }
    }

    private Patient Resident(int index, HashSet<string> issued)
    {
        var random = DemoRandom.For(Options.Seed, "resident", index);
        var district = random.Pick(_catalog.Districts);
        var male = random.Next(2) == 0;
        var birthDate = DemoRegionOptions.ReferenceDate.AddDays(-random.Next(1, 90 * 365));
        var sequence = (random.Next(500) * 2) + (male ? 1 : 0);
        var idNumber = ResidentIdNumber.Create(district.Code, birthDate, sequence);
        while (!issued.Add(idNumber))
        {
            sequence = (sequence + 2) % 1000;
            idNumber = ResidentIdNumber.Create(district.Code, birthDate, sequence);
        }
        var (family, given) = ChineseNames.Draw(ref random, male);
        var centres = _plan.PrimaryCareByDistrict[district.Code];
        var centre = random.Pick(centres);
        var doctor = centre.Staff.First(s => s.RoleCode == "doctor");
        var streets = _catalog.StreetsByDistrict.GetValueOrDefault(district.Code) ?? [];
        var street = streets.Count > 0 ? random.Pick(streets).Name : centre.StreetName ?? "";
        var line = $"{street}{random.Pick(ChineseNames.Roads)}{random.Next(1, 400)}号{random.Next(1, 30)}栋{random.Next(1, 6)}单元{random.Next(1, 33)}{random.Next(1, 9):D2}";
        var phone = random.Pick(MobilePrefixes) + random.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);

        return new Patient
        {
            Id = $"pat-{index:D7}",
            Meta = DemoMeta.Tagged(),
            Identifier = [new Identifier(DemoCodes.ResidentIdSystem, idNumber) { Use = Identifier.IdentifierUse.Official }],
            Active = true,
            Name = [new HumanName { Use = HumanName.NameUse.Official, Text = family + given, Family = family, Given = [given] }],
            Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, ContactPoint.ContactPointUse.Mobile, phone)],
            Gender = male ? AdministrativeGender.Male : AdministrativeGender.Female,
            BirthDate = birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Address = [DemoMeta.AddressIn(district, line, Address.AddressUse.Home)],
            GeneralPractitioner = [new ResourceReference($"Practitioner/{StaffResources.PractitionerId(doctor)}")],
            ManagingOrganization = new ResourceReference($"Organization/{centre.OrganizationId}", centre.Name),
        };
    }
}
