using System.Text.Json;
using System.Text;
using Bayu.Crypto.Identifiers;
using Bayu.Demo.Region;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Cli.Tests.Demo;

public class DemoRegionGeneratorTests
{
    private static readonly JsonSerializerOptions Json = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private static readonly DemoRegionOptions Small = new(Seed: 42, Residents: 500);

    [Fact]
    public void GivenTheSameOptions_WhenGeneratedTwice_ThenTheOutputIsByteIdentical()
    {
        var first = Ndjson(new DemoRegionGenerator(Small).Generate());
        var second = Ndjson(new DemoRegionGenerator(Small).Generate());

        Assert.Equal(first, second);
        Assert.True(first.Length > 100_000);
    }

    [Fact]
    public void GivenAnotherSeed_WhenGenerated_ThenTheResidentsDiffer()
    {
        var first = Ndjson(new DemoRegionGenerator(Small).Residents());
        var other = Ndjson(new DemoRegionGenerator(Small with { Seed = 43 }).Residents());

        Assert.NotEqual(first, other);
    }

    [Fact]
    public void GivenAGenerator_WhenCounted_ThenTheCountsMatchWhatItGenerates()
    {
        var generator = new DemoRegionGenerator(Small);
        var actual = generator.Generate().GroupBy(r => r.TypeName).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(generator.Counts().OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        Assert.Equal(500, actual["Patient"]);
    }

    [Fact]
    public void GivenTheResidents_WhenInspected_ThenIdNumbersAreValidUniqueAndConsistentWithSexAndBirthDate()
    {
        var residents = new DemoRegionGenerator(Small with { Residents = 3000 }).Residents().ToList();
        var districtCodes = RegionCatalog.Chongqing.Districts.Select(d => d.Code).ToHashSet();

        var numbers = residents.Select(p => p.Identifier.Single(i => i.System == DemoCodes.ResidentIdSystem).Value!).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        foreach (var (patient, number) in residents.Zip(numbers))
        {
            // Judged on the generator's reference date: it has no clock, and no resident is born after it.
            var (parsed, problem) = ResidentIdNumber.Parse(number, DemoRegionOptions.ReferenceDate);
            Assert.True(problem == ResidentIdProblem.None, $"{number}: {problem}");
            Assert.Contains(number[..6], districtCodes);
            Assert.Equal(parsed!.IsMale ? AdministrativeGender.Male : AdministrativeGender.Female, patient.Gender);
            Assert.Equal(parsed.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), patient.BirthDate);
            var region = Assert.IsType<Coding>(patient.Address[0].GetExtension(DemoCodes.AddressRegionExtension)?.Value);
            Assert.Equal(number[..6], region.Code);
            Assert.Matches("^1[3-9][0-9]{9}$", patient.Telecom[0].Value);
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,3}$", patient.Name[0].Text);
        }
        Assert.InRange(residents.Count(p => p.Gender == AdministrativeGender.Male), 1300, 1700);
    }

    [Fact]
    public void GivenTheInfrastructure_WhenInspected_ThenEveryDistrictHasItsHierarchyAndInstitutions()
    {
        var resources = new DemoRegionGenerator(Small).Infrastructure().ToList();
        var organizations = resources.OfType<Organization>().ToList();
        var locations = resources.OfType<Location>().ToDictionary(l => l.Id!);

        foreach (var district in RegionCatalog.Chongqing.Districts)
        {
            var jurisdiction = locations[$"loc-{district.Code}"];
            Assert.Equal(district.Name, jurisdiction.Name);
            Assert.Equal("Location/loc-cq", jurisdiction.PartOf!.Reference);
            var inDistrict = organizations.Where(o => o.Address[0].District == district.Name).ToList();
            Assert.Contains(inDistrict, o => HasType(o, "hospital"));
            Assert.Contains(inDistrict, o => HasType(o, "cdc"));
            Assert.Contains(inDistrict, o => HasType(o, "pharmacy"));
            Assert.Contains(inDistrict, o => HasType(o, "primary-care-centre") || HasType(o, "township-health-centre"));
        }
        Assert.Equal(9, organizations.Count(o => o.GetExtension(DemoCodes.InstitutionLevelExtension)?.Value is Coding { Code: "3A" }));
        Assert.Single(organizations, o => HasType(o, "internet-hospital"));
        Assert.All(organizations, o => Assert.True(UnifiedSocialCreditCode.IsValid(o.Identifier[0].Value!), o.Identifier[0].Value));
        Assert.Equal(organizations.Count, organizations.Select(o => o.Identifier[0].Value).Distinct().Count());
    }

    [Fact]
    public void GivenTheWholeRegion_WhenReferencesAreFollowed_ThenEveryOnePointsToAnEarlierResource()
    {
        var seen = new HashSet<string>();
        foreach (var resource in new DemoRegionGenerator(Small).Generate())
        {
            foreach (var reference in Descendants(resource).OfType<ResourceReference>())
            {
                Assert.True(seen.Contains(reference.Reference!), $"{resource.TypeName}/{resource.Id} → {reference.Reference}");
            }
            seen.Add($"{resource.TypeName}/{resource.Id}");
        }
    }

    [Fact]
    public void GivenANegativeResidentCount_WhenGenerating_ThenItIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DemoRegionGenerator(new DemoRegionOptions(Residents: -1)));

    private static IEnumerable<Base> Descendants(Base node)
    {
        foreach (var (_, value) in node.EnumerateElements())
        {
            var children = value switch
            {
                Base single => [single],
                IEnumerable<Base> many => many,
                _ => [],
            };
            foreach (var child in children)
            {
                yield return child;
                foreach (var nested in Descendants(child))
                {
                    yield return nested;
                }
            }
        }
    }

    private static bool HasType(Organization organization, string code) =>
        organization.Type.Any(t => t.Coding.Any(c => c.System == DemoCodes.InstitutionTypeSystem && c.Code == code));

    private static byte[] Ndjson(IEnumerable<Resource> resources)
    {
        var builder = new StringBuilder();
        foreach (var resource in resources)
        {
            builder.Append(JsonSerializer.Serialize(resource, resource.GetType(), Json)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(builder.ToString());
    }
}
