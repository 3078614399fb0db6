using System.Reflection;

namespace Bayu.Demo.Region;

/// <summary>A district (区) or county (县) of the demo region, with its GB/T 2260 code.</summary>
public sealed record District(string Code, string Name)
{
    public bool IsCounty => Name.EndsWith('县');

    /// <summary>The nine central districts of the main urban area, where the tertiary hospitals cluster.</summary>
    public bool IsUrbanCore => Code is "500103" or "500104" or "500105" or "500106" or "500107" or "500108" or "500109" or "500112" or "500113";
}

/// <summary>A sub-district (街道), town (镇) or township (乡) with its 9-digit code.</summary>
public sealed record Street(string Code, string Name, string DistrictCode)
{
    public bool IsUrban => Name.EndsWith("街道", StringComparison.Ordinal);
}

/// <summary>The Chongqing divisions shipped with the product (from the GB/T 2260 tables in shared/cn).</summary>
public sealed class RegionCatalog
{
    public const string CityCode = "500000";
    public const string CityName = "重庆市";

    private static readonly Lazy<RegionCatalog> Shared = new(Load);

    private RegionCatalog(IReadOnlyList<District> districts, IReadOnlyDictionary<string, IReadOnlyList<Street>> streets)
    {
        Districts = districts;
        StreetsByDistrict = streets;
    }

    public static RegionCatalog Chongqing => Shared.Value;

    public IReadOnlyList<District> Districts { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<Street>> StreetsByDistrict { get; }

    private static RegionCatalog Load()
    {
        var districts = ReadCsv("chongqing-areas.csv").Select(f => new District(f[0], f[1])).ToList();
        var streets = ReadCsv("chongqing-streets.csv")
            .Select(f => new Street(f[0], f[1], f[2]))
            .GroupBy(s => s.DistrictCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Street>)[.. g.OrderBy(s => s.Code, StringComparer.Ordinal)], StringComparer.Ordinal);
        return new RegionCatalog(districts, streets);
    }

    // The shipped files are plain two/three-column CSV without quoting, written from shared/cn.
    private static IEnumerable<string[]> ReadCsv(string name)
    {
        var resource = $"Bayu.Demo.Region.Data.{name}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource {resource} is missing.");
        using var reader = new StreamReader(stream);
        reader.ReadLine();
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                rows.Add(line.Split(','));
            }
        }
        return rows;
    }
}
