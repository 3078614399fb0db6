using Hl7.Fhir.Model;

namespace Bayu.Demo.Region;

internal static class DemoMeta
{
    public static Meta Tagged() => new() { Tag = [new Coding(DemoCodes.OriginTagSystem, DemoCodes.OriginTagCode)] };

    public static Address AddressIn(District? district, string line, Address.AddressUse use = Address.AddressUse.Work)
    {
        var address = new Address
        {
            Use = use,
            Type = Address.AddressType.Physical,
            Text = $"{RegionCatalog.CityName}{district?.Name}{line}",
            Line = [line],
            City = RegionCatalog.CityName,
            District = district?.Name,
            State = RegionCatalog.CityName,
            Country = "CN",
        };
        var regionCode = district?.Code ?? RegionCatalog.CityCode;
        address.Extension.Add(new Extension(DemoCodes.AddressRegionExtension, new Coding(DemoCodes.RegionSystem, regionCode, district?.Name ?? RegionCatalog.CityName)));
        return address;
    }
}
