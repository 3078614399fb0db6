using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Fhir.Definitions;

/// <summary>One conformance resource known to the registry; parsed into the SDK model on first use.</summary>
/// <remarks>
/// Most definitions are never needed by a given process, so only their JSON is kept until asked
/// for: loading the whole specification eagerly costs seconds, indexing it costs milliseconds.
/// </remarks>
public sealed class DefinitionEntry
{
    // The official definitions contain a few constructs the strict parser rejects (e.g. empty
    // narrative divs in some extensions); they are the reference, so read them permissively.
    private static readonly FhirJsonDeserializer s_deserializer =
        new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    private readonly Lazy<Resource> _resource;

    internal DefinitionEntry(string resourceType, string? url, string? version, string? name, JsonElement json)
    {
        ResourceType = resourceType;
        Url = url;
        Version = version;
        Name = name;
        _resource = new Lazy<Resource>(() => s_deserializer.DeserializeResource(json.GetRawText()), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    internal DefinitionEntry(Resource resource, string? url, string? version, string? name)
    {
        ResourceType = resource.TypeName;
        Url = url;
        Version = version;
        Name = name;
        _resource = new Lazy<Resource>(resource);
    }

    public string ResourceType { get; }

    public string? Url { get; }

    public string? Version { get; }

    public string? Name { get; }

    /// <summary>The parsed resource. Shared: callers must not modify it (deep-copy first).</summary>
    public Resource Resource => _resource.Value;
}
