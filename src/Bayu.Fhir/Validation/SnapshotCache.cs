using System.Collections.Concurrent;
using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Snapshot;

namespace Bayu.Fhir.Validation;

/// <summary>
/// Element trees of StructureDefinitions by canonical URL. A profile shipped with only a
/// differential gets its snapshot from the SDK's snapshot generator (on a copy: registry
/// resources are shared); so does a definition whose snapshot lacks elements of its own
/// differential (a damaged snapshot: the shipped R4 EvidenceVariable carries a later release's).
/// </summary>
internal sealed class SnapshotCache(DefinitionRegistry registry)
{
    private readonly ConcurrentDictionary<string, Lazy<ElementTree?>> _trees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _ancestors = new(StringComparer.Ordinal);

    public DefinitionRegistry Registry { get; } = registry;

    public ElementTree? ForType(string typeName) => For(DefinitionRegistry.FhirBase + "StructureDefinition/" + typeName);

    public ElementTree? For(string canonical) =>
        _trees.GetOrAdd(canonical, url => new Lazy<ElementTree?>(() => Load(url), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>A type and the types it derives from, by <c>baseDefinition</c> (Age → Age, Quantity, Element); empty when not a type.</summary>
    public IReadOnlyList<string> TypeAncestors(string typeName) => _ancestors.GetOrAdd(typeName, name =>
    {
        var result = new List<string>();
        for (var definition = Registry.FindTypeDefinition(name); definition?.Type is { } type && !result.Contains(type); definition = definition.BaseDefinition is { } b ? Registry.FindStructureDefinition(b) : null)
        {
            result.Add(type);
        }
        return result;
    });

    private ElementTree? Load(string canonical)
    {
        var definition = Registry.FindStructureDefinition(canonical);
        if (definition is null)
        {
            return null;
        }
        if (definition.Snapshot is not { Element.Count: > 0 } || !SnapshotCoversDifferential(definition))
        {
            var copy = (StructureDefinition)definition.DeepCopy();
            copy.Snapshot = null;
            var generator = new SnapshotGenerator(Registry, new SnapshotGeneratorSettings { GenerateElementIds = true });
            // Loading runs once per profile inside a Lazy, so blocking on the async API is acceptable here.
            generator.UpdateAsync(copy).GetAwaiter().GetResult();
            var errors = generator.Outcome?.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList() ?? [];
            if (errors.Count > 0 || copy.Snapshot is not { Element.Count: > 0 })
            {
                throw new InvalidOperationException($"Snapshot generation for '{canonical}' failed: {string.Join("; ", errors.Select(e => e.Details?.Text ?? e.Diagnostics))}");
            }
            definition = copy;
        }
        return ElementTree.Build(definition);
    }

    /// <summary>Every element the differential states is in the snapshot (by id, else path).</summary>
    internal static bool SnapshotCoversDifferential(StructureDefinition definition)
    {
        if (definition.Differential is not { Element.Count: > 0 } differential || definition.Snapshot is null)
        {
            return true;
        }
        var snapshot = definition.Snapshot.Element.Select(e => e.ElementId ?? e.Path).ToHashSet(StringComparer.Ordinal);
        return differential.Element.All(e => snapshot.Contains(e.ElementId ?? e.Path));
    }
}
