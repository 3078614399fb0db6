using System.Globalization;

namespace Bayu.Demo.Region;

/// <summary>One member of staff: which practitioner works where, in which role and department.</summary>
internal sealed record StaffMember(int Number, string RoleCode, string RoleDisplay, string Department, string DepartmentDisplay);

/// <summary>An institution (or health commission) of the plan, before it becomes FHIR resources.</summary>
internal sealed record Institution(
    string Key,
    string Name,
    InstitutionType Type,
    string? Level,
    string RegionCode,
    string? ParentKey,
    string? StreetName,
    int Ordinal,
    IReadOnlyList<StaffMember> Staff)
{
    public string OrganizationId => $"org-{Key}";
    public string LocationId => $"loc-{Key}";
}

/// <summary>
/// The institutions and staff of the region, laid out deterministically from the catalogue alone.
/// The residents are then drawn against this plan (their family doctor, their community centre).
/// </summary>
internal sealed class RegionPlan
{
    private static readonly (string Code, string Display)[] HospitalDepartments =
    [
        ("internal-medicine", "内科"), ("surgery", "外科"), ("paediatrics", "儿科"), ("obstetrics-gynaecology", "妇产科"),
        ("emergency", "急诊科"), ("tcm", "中医科"), ("cardiology", "心血管内科"), ("infectious-diseases", "感染科"),
        ("ophthalmology", "眼科"), ("stomatology", "口腔科"),
    ];

    private int _staffNumber;
    private int _ordinal;

    private RegionPlan(RegionCatalog catalog)
    {
        var institutions = new List<Institution>();
        var city = Add(institutions, "cq-hc", "重庆市卫生健康委员会", InstitutionType.HealthCommission, null, RegionCatalog.CityCode, null, null, []);
        Add(institutions, "cq-cdc", "重庆市疾病预防控制中心", InstitutionType.Cdc, null, RegionCatalog.CityCode, city.Key, null, Staff(("researcher", "研究人员"), 4, ("epidemiology", "流行病学")));
        Add(institutions, "cq-ih", "巴渝互联网医院", InstitutionType.InternetHospital, null, RegionCatalog.CityCode, city.Key, null, Doctors(6));

        var tertiary = 0;
        foreach (var district in catalog.Districts)
        {
            var d = district.Code;
            var commission = Add(institutions, $"{d}-hc", $"{district.Name}卫生健康委员会", InstitutionType.HealthCommission, null, d, city.Key, null, []);
            var parent = commission.Key;
            if (district.IsUrbanCore)
            {
                tertiary++;
                var name = $"重庆市第{NumberName(tertiary)}人民医院";
                Add(institutions, $"{d}-h3", name, InstitutionType.Hospital, "3A", d, parent, null, [.. Doctors(10), .. Nurses(3), .. Pharmacists(1)]);
            }
            Add(institutions, $"{d}-h2", $"{district.Name}人民医院", InstitutionType.Hospital, district.IsCounty ? "2A" : "3B", d, parent, null, [.. Doctors(6), .. Nurses(2), .. Pharmacists(1)]);
            Add(institutions, $"{d}-mch", $"{district.Name}妇幼保健院", InstitutionType.MaternalChildHospital, "2A", d, parent, null, [.. Doctors(3, 2), .. Nurses(1)]);
            Add(institutions, $"{d}-cdc", $"{district.Name}疾病预防控制中心", InstitutionType.Cdc, null, d, parent, null, Staff(("researcher", "研究人员"), 2, ("epidemiology", "流行病学")));

            var streets = catalog.StreetsByDistrict.GetValueOrDefault(d) ?? [];
            foreach (var (street, i) in streets.Where(s => s.IsUrban).Take(3).Select((s, i) => (s, i)))
            {
                var shortName = street.Name[..^2];
                Add(institutions, $"{d}-pc{i + 1}", $"{district.Name}{shortName}社区卫生服务中心", InstitutionType.PrimaryCareCentre, "1A", d, parent, street.Name, [.. GeneralPractitioners(2), .. Nurses(1)]);
            }
            foreach (var (street, i) in streets.Where(s => !s.IsUrban).Take(3).Select((s, i) => (s, i)))
            {
                var centre = Add(institutions, $"{d}-th{i + 1}", $"{district.Name}{street.Name}卫生院", InstitutionType.TownshipHealthCentre, "1A", d, parent, street.Name, GeneralPractitioners(2));
                Add(institutions, $"{d}-vc{i + 1}", $"{street.Name}第一村卫生室", InstitutionType.VillageClinic, null, d, centre.Key, street.Name, GeneralPractitioners(1));
            }
            for (var p = 1; p <= 2; p++)
            {
                Add(institutions, $"{d}-ph{p}", $"巴渝大药房{district.Name}第{NumberName(p)}分店", InstitutionType.Pharmacy, null, d, parent, null, Pharmacists(1));
            }
        }
        Institutions = institutions;
        PrimaryCareByDistrict = institutions
            .Where(i => i.Type is InstitutionType.PrimaryCareCentre or InstitutionType.TownshipHealthCentre)
            .GroupBy(i => i.RegionCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Institution>)[.. g], StringComparer.Ordinal);
        PractitionerCount = _staffNumber;
    }

    public static RegionPlan Chongqing { get; } = new(RegionCatalog.Chongqing);

    public IReadOnlyList<Institution> Institutions { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Institution>> PrimaryCareByDistrict { get; }

    public int PractitionerCount { get; }

    private Institution Add(List<Institution> list, string key, string name, InstitutionType type, string? level, string region, string? parent, string? street, IReadOnlyList<StaffMember> staff)
    {
        var institution = new Institution(key, name, type, level, region, parent, street, ++_ordinal, staff);
        list.Add(institution);
        return institution;
    }

    private List<StaffMember> Doctors(int count, int departmentOffset = 0) =>
        [.. Enumerable.Range(0, count).Select(i => HospitalDepartments[(i + departmentOffset) % HospitalDepartments.Length])
            .Select(dep => new StaffMember(++_staffNumber, "doctor", "医师", dep.Code, dep.Display))];

    private List<StaffMember> GeneralPractitioners(int count) => Staff(("doctor", "医师"), count, ("general-practice", "全科医学科"));

    private List<StaffMember> Nurses(int count) => Staff(("nurse", "护士"), count, ("nursing", "护理部"));

    private List<StaffMember> Pharmacists(int count) => Staff(("pharmacist", "药师"), count, ("pharmacy", "药剂科"));

    private List<StaffMember> Staff((string Code, string Display) role, int count, (string Code, string Display) department) =>
        [.. Enumerable.Range(0, count).Select(_ => new StaffMember(++_staffNumber, role.Code, role.Display, department.Code, department.Display))];

    private static string NumberName(int n) => n switch
    {
        1 => "一", 2 => "二", 3 => "三", 4 => "四", 5 => "五", 6 => "六", 7 => "七", 8 => "八", 9 => "九", 10 => "十",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
