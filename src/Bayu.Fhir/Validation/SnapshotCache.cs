using System.Collections.Concurrent;
using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Snapshot;

namespace Bayu.Fhir.Validation;

/// <summary>
/// Element trees of StructureDefinitions by canonical URL. A profile shipped with only a
/// differential gets its snapshot from the SDK's snapshot generator (on a copy: registry
/// resources are shared).
/// </summary>
internal sealed class SnapshotCache(DefinitionRegistry registry)
{
    private readonly ConcurrentDictionary<string, Lazy<ElementTree?>> _trees = new(StringComparer.Ordinal);

    public DefinitionRegistry Registry { get; } = registry;

    public ElementTree? ForType(string typeName) => For(DefinitionRegistry.FhirBase + "StructureDefinition/" + typeName);

    public ElementTree? For(string canonical) =>
        _trees.GetOrAdd(canonical, url => new Lazy<ElementTree?>(() => Load(url), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private ElementTree? Load(string canonical)
    {
        var definition = Registry.FindStructureDefinition(canonical);
        if (definition is null)
        {
            return null;
        }
        if (definition.Snapshot is not { Element.Count: > 0 })
        {
            var copy = (StructureDefinition)definition.DeepCopy();
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
}
