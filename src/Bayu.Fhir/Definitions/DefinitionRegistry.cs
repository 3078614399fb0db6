using System.Collections.Concurrent;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace Bayu.Fhir.Definitions;

/// <summary>
/// Every conformance resource Bayu knows: the official FHIR R4 definitions shipped in this assembly
/// plus Bayu's own profiles, code systems and naming systems added at start-up.
/// </summary>
/// <remarks>
/// It implements the SDK's resolver interfaces, so the snapshot generator, the local terminology
/// service and FHIRPath <c>memberOf</c>/<c>conformsTo</c> read from it, and offers typed look-ups
/// for Bayu code. Indexing reads only the top-level fields of each entry; resources are parsed
/// into the SDK model on first use and cached.
/// </remarks>
public sealed partial class DefinitionRegistry : IResourceResolver, IAsyncResourceResolver
{
    public const string FhirBase = "http://hl7.org/fhir/";

    private static readonly Lazy<DefinitionRegistry> s_default = new(LoadOfficial, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] s_officialFiles =
    [
        "profiles-types", "profiles-resources", "extension-definitions", "search-parameters",
        "valuesets", "v3-codesystems", "conceptmaps", "compartmentdefinition-patient",
    ];

    // Canonical URL (without version) -> entry; later additions with the same URL win, which is
    // how a Bayu profile can replace a definition when it must.
    private readonly ConcurrentDictionary<string, DefinitionEntry> _byCanonical = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DefinitionEntry> _byUri = new(StringComparer.Ordinal);
    private readonly List<JsonDocument> _documents = [];
    private readonly Lazy<SearchParameterIndex> _searchParameters;
    private readonly Lazy<PatientCompartment> _patientCompartment;

    private DefinitionRegistry()
    {
        _searchParameters = new(() => new SearchParameterIndex(EntriesOfType("SearchParameter").Select(e => (SearchParameter)e.Resource)));
        _patientCompartment = new(() => new PatientCompartment(
            (CompartmentDefinition?)ResolveByCanonicalUri("http://hl7.org/fhir/CompartmentDefinition/patient")
            ?? throw new InvalidOperationException("The Patient CompartmentDefinition is missing from the definitions.")));
    }

    /// <summary>The official R4 definitions, loaded once per process on first use.</summary>
    public static DefinitionRegistry Default => s_default.Value;

    /// <summary>Number of conformance resources indexed.</summary>
    public int Count => _byUri.Count;

    /// <summary>Search parameters by resource type and code.</summary>
    public SearchParameterIndex SearchParameters => _searchParameters.Value;

    /// <summary>Which search parameters put a resource in a patient's compartment.</summary>
    public PatientCompartment PatientCompartment => _patientCompartment.Value;

    /// <summary>Adds (or replaces) a conformance resource, e.g. one of Bayu's own profiles.</summary>
    public void Add(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (url, version, name) = resource is IVersionableConformanceResource c ? (c.Url, c.Version, c.Name) : (null, null, null);
        var entry = new DefinitionEntry(resource, url, version, name);
        Index(entry, resource.ResourceBase?.ToString(), resource.Id);
    }

    public IEnumerable<DefinitionEntry> EntriesOfType(string resourceType) =>
        _byUri.Values.Where(e => e.ResourceType == resourceType).Distinct();

    public StructureDefinition? FindStructureDefinition(string canonical) => ResolveByCanonicalUri(canonical) as StructureDefinition;

    /// <summary>The base definition of a resource or data type, e.g. <c>Patient</c> or <c>HumanName</c>.</summary>
    public StructureDefinition? FindTypeDefinition(string typeName) => FindStructureDefinition(FhirBase + "StructureDefinition/" + typeName);

    public ValueSet? FindValueSet(string canonical) => ResolveByCanonicalUri(canonical) as ValueSet;

    public CodeSystem? FindCodeSystem(string canonical) => ResolveByCanonicalUri(canonical) as CodeSystem;

    public ConceptMap? FindConceptMap(string canonical) => ResolveByCanonicalUri(canonical) as ConceptMap;

    /// <summary>Finds a definition by canonical URL; a <c>|version</c> suffix must match when given.</summary>
    public Resource? ResolveByCanonicalUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var bar = uri.IndexOf('|', StringComparison.Ordinal);
        var url = bar < 0 ? uri : uri[..bar];
        var version = bar < 0 ? null : uri[(bar + 1)..];
        if (!_byCanonical.TryGetValue(url, out var entry))
        {
            return null;
        }

        // R4's own definitions carry version 4.0.1; accepting a bare major.minor keeps references
        // such as "|4.0" that implementation guides write working.
        return version is null || entry.Version is null || entry.Version == version || entry.Version.StartsWith(version + ".", StringComparison.Ordinal)
            ? entry.Resource
            : null;
    }

    public Resource? ResolveByUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return _byUri.TryGetValue(uri, out var entry) ? entry.Resource : ResolveByCanonicalUri(uri);
    }

    public System.Threading.Tasks.Task<Resource?> ResolveByCanonicalUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(ResolveByCanonicalUri(uri));

    public System.Threading.Tasks.Task<Resource?> ResolveByUriAsync(string uri) => System.Threading.Tasks.Task.FromResult(ResolveByUri(uri));

    /// <summary>Creates an empty registry (for tests and tools); most code uses <see cref="Default"/>.</summary>
    public static DefinitionRegistry CreateEmpty() => new();

    private static DefinitionRegistry LoadOfficial()
    {
        var registry = new DefinitionRegistry();
        var assembly = typeof(DefinitionRegistry).Assembly;
        foreach (var file in s_officialFiles)
        {
            registry.LoadEmbedded(assembly, $"Bayu.Fhir.Definitions.{file}.json.gz");
        }
        Profiles.BayuProfiles.AddTo(registry);
        return registry;
    }

    private void LoadEmbedded(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded definitions '{resourceName}' are missing from the build.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        var document = JsonDocument.Parse(gzip, new JsonDocumentOptions { MaxDepth = 256 });
        _documents.Add(document);
        var root = document.RootElement;
        if (root.GetProperty("resourceType").GetString() == "Bundle")
        {
            foreach (var bundleEntry in root.GetProperty("entry").EnumerateArray())
            {
                var fullUrl = bundleEntry.TryGetProperty("fullUrl", out var f) ? f.GetString() : null;
                IndexJson(bundleEntry.GetProperty("resource"), fullUrl);
            }
        }
        else
        {
            IndexJson(root, null);
        }
    }

    private void IndexJson(JsonElement resource, string? fullUrl)
    {
        var type = resource.GetProperty("resourceType").GetString()!;
        var url = StringProperty(resource, "url");
        var entry = new DefinitionEntry(type, url, StringProperty(resource, "version"), StringProperty(resource, "name"), resource);
        Index(entry, fullUrl, StringProperty(resource, "id"));
    }

    private void Index(DefinitionEntry entry, string? fullUrl, string? id)
    {
        if (entry.Url is not null)
        {
            _byCanonical[entry.Url] = entry;
            _byUri[entry.Url] = entry;
        }
        if (fullUrl is not null)
        {
            _byUri[fullUrl] = entry;
        }
        if (id is not null)
        {
            _byUri[$"{FhirBase}{entry.ResourceType}/{id}"] = entry;
        }
    }

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
