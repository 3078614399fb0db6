using System.Reflection;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Terminology;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Fhir.Profiles;

/// <summary>
/// Bayu's Chinese base profiles, code systems and naming systems (canonical base
/// <see cref="Base"/>), shipped inside this assembly and registered into the definition registry.
/// </summary>
public static class BayuProfiles
{
    public const string Base = "http://bayu.health/fhir";
    public const string PatientProfile = Base + "/StructureDefinition/cn-patient";
    public const string OrganizationProfile = Base + "/StructureDefinition/cn-organization";
    public const string PractitionerProfile = Base + "/StructureDefinition/cn-practitioner";
    public const string AddressProfile = Base + "/StructureDefinition/cn-address";
    public const string RegionCodeExtension = Base + "/StructureDefinition/cn-region-code";
    public const string InstitutionLevelExtension = Base + "/StructureDefinition/institution-level";
    public const string ResidentIdSystem = Base + "/sid/cn-resident-id";
    public const string UsccSystem = Base + "/sid/cn-uscc";
    public const string PractitionerLicenceSystem = Base + "/sid/cn-practitioner-licence";
    public const string EhrNumberSystem = Base + "/sid/ehr-number";
    public const string RegionSystem = Base + "/CodeSystem/cn-region";
    public const string InstitutionLevelSystem = Base + "/CodeSystem/institution-level";
    public const string InstitutionTypeSystem = Base + "/CodeSystem/institution-type";

    /// <summary>National OID form of the resident ID system (WS/T CDA documents), accepted as an alias.</summary>
    public const string ResidentIdOid = "urn:oid:2.16.156.10011.1.3";

    /// <summary>National OID form of the health record number system, accepted as an alias.</summary>
    public const string EhrNumberOid = "urn:oid:2.16.156.10011.1.2";

    private const string ResourcePrefix = "Bayu.Fhir.Profiles.";

    /// <summary>Adds every shipped profile, code system, value set and naming system to <paramref name="registry"/>.</summary>
    public static void AddTo(DefinitionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var assembly = typeof(BayuProfiles).Assembly;
        var deserializer = new FhirJsonDeserializer();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            registry.Add(deserializer.DeserializeResource(reader.ReadToEnd()));
        }
    }

    /// <summary>The rules that StructureDefinitions cannot express (check characters, cross-field checks).</summary>
    public static IReadOnlyList<IResourceRule> Rules(TerminologyService terminology) => [new ChineseIdentifierRule(terminology)];
}
