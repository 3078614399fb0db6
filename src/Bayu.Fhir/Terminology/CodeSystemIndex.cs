using Hl7.Fhir.Model;

namespace Bayu.Fhir.Terminology;

/// <summary>One concept of a local code system, with its place in the hierarchy.</summary>
public sealed record ConceptInfo(string System, string Code, string? Display, IReadOnlyList<string> Parents)
{
    /// <summary>Property values by code (e.g. <c>status</c>, <c>notSelectable</c>), as strings.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// A code system flattened for fast look-up and subsumption: nested concepts, <c>parent</c> and
/// <c>subsumedBy</c> properties all become parent links.
/// </summary>
internal sealed class CodeSystemIndex
{
    private readonly Dictionary<string, ConceptInfo> _concepts;
    private readonly Dictionary<string, List<string>> _children;

    public CodeSystemIndex(CodeSystem codeSystem)
    {
        System = codeSystem.Url ?? "";
        Content = codeSystem.Content;
        var caseSensitive = codeSystem.CaseSensitive ?? true;
        var comparer = caseSensitive ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        _concepts = new Dictionary<string, ConceptInfo>(comparer);
        _children = new Dictionary<string, List<string>>(comparer);
        var parents = new Dictionary<string, List<string>>(comparer);
        AddConcepts(codeSystem.Concept, null, parents);
        foreach (var (code, info) in _concepts.ToArray())
        {
            var list = parents.TryGetValue(code, out var p) ? p : [];
            _concepts[code] = info with { Parents = list };
            foreach (var parent in list)
            {
                (_children.TryGetValue(parent, out var c) ? c : _children[parent] = []).Add(code);
            }
        }
        Codes = [.. _concepts.Keys];
    }

    public string System { get; }

    public CodeSystemContentMode? Content { get; }

    /// <summary>True when every code of the system is in the resource, so a missing code is really wrong.</summary>
    public bool IsComplete => Content is null or CodeSystemContentMode.Complete;

    public IReadOnlyList<string> Codes { get; }

    public ConceptInfo? Find(string code) => _concepts.GetValueOrDefault(code);

    /// <summary>The code itself and all its descendants.</summary>
    public IEnumerable<string> SelfAndDescendants(string code)
    {
        if (!_concepts.ContainsKey(code))
        {
            yield break;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([code]);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            if (!seen.Add(current))
            {
                continue;
            }
            yield return current;
            foreach (var child in _children.GetValueOrDefault(current) ?? [])
            {
                stack.Push(child);
            }
        }
    }

    private void AddConcepts(List<CodeSystem.ConceptDefinitionComponent> concepts, string? parent, Dictionary<string, List<string>> parents)
    {
        foreach (var concept in concepts)
        {
            if (concept.Code is null)
            {
                continue;
            }
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in concept.Property)
            {
                var value = property.Value switch
                {
                    Code c => c.Value,
                    Coding coding => coding.Code,
                    PrimitiveType p => p.ToString(),
                    _ => null,
                };
                if (property.Code is null || value is null)
                {
                    continue;
                }
                properties[property.Code] = value;
                if (property.Code is "parent" or "subsumedBy")
                {
                    AddParent(parents, concept.Code, value);
                }
            }
            if (parent is not null)
            {
                AddParent(parents, concept.Code, parent);
            }
            _concepts[concept.Code] = new ConceptInfo(System, concept.Code, concept.Display, []) { Properties = properties };
            AddConcepts(concept.Concept, concept.Code, parents);
        }
    }

    private static void AddParent(Dictionary<string, List<string>> parents, string code, string parent)
    {
        var list = parents.TryGetValue(code, out var p) ? p : parents[code] = [];
        if (!list.Contains(parent))
        {
            list.Add(parent);
        }
    }
}
