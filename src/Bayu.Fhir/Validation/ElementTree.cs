using Hl7.Fhir.Model;

namespace Bayu.Fhir.Validation;

/// <summary>One element definition of a snapshot with its children and slices, ready for walking an instance.</summary>
internal sealed class ElementNode(ElementDefinition definition, string name)
{
    public ElementDefinition Definition { get; } = definition;

    /// <summary>Last path segment, e.g. <c>identifier</c> or <c>value[x]</c>.</summary>
    public string Name { get; } = name;

    public List<ElementNode> Children { get; } = [];

    /// <summary>Named slices when this element is a slice entry (has <c>slicing</c>).</summary>
    public List<ElementNode> Slices { get; } = [];

    public bool IsChoice => Name.EndsWith("[x]", StringComparison.Ordinal);

    /// <summary>The instance name this definition matches: <c>value</c> for <c>value[x]</c>.</summary>
    public string InstanceName => IsChoice ? Name[..^3] : Name;

    public int Min => Definition.Min ?? 0;

    /// <summary>Maximum cardinality; <see cref="int.MaxValue"/> for <c>*</c>.</summary>
    public int Max => Definition.Max is null or "*" ? int.MaxValue : int.TryParse(Definition.Max, out var m) ? m : int.MaxValue;

    public ElementNode? Child(string name) => Children.FirstOrDefault(c => c.Name == name || c.InstanceName == name);
}

/// <summary>The tree of a StructureDefinition snapshot (children under parents, slices under their entry).</summary>
internal sealed class ElementTree
{
    private readonly Dictionary<string, ElementNode> _byPath;

    private ElementTree(StructureDefinition definition, ElementNode root, Dictionary<string, ElementNode> byPath)
    {
        Definition = definition;
        Root = root;
        _byPath = byPath;
    }

    public StructureDefinition Definition { get; }

    public ElementNode Root { get; }

    /// <summary>The unsliced element at a path, for <c>contentReference</c> (e.g. <c>#Questionnaire.item</c>).</summary>
    public ElementNode? FindPath(string path) => _byPath.GetValueOrDefault(path);

    public static ElementTree Build(StructureDefinition definition)
    {
        var elements = definition.Snapshot?.Element ?? throw new InvalidOperationException($"StructureDefinition '{definition.Url}' has no snapshot.");
        if (elements.Count == 0)
        {
            throw new InvalidOperationException($"StructureDefinition '{definition.Url}' has an empty snapshot.");
        }
        var rootPath = elements[0].Path ?? definition.Type ?? "";
        var root = new ElementNode(elements[0], rootPath);
        // The node that children of a path attach to: the latest element (or slice) seen with that path.
        var current = new Dictionary<string, ElementNode>(StringComparer.Ordinal) { [rootPath] = root };
        var unsliced = new Dictionary<string, ElementNode>(StringComparer.Ordinal) { [rootPath] = root };
        // The latest non-slice element per path: the entry its following slices belong to.
        var lastEntry = new Dictionary<string, ElementNode>(StringComparer.Ordinal);
        foreach (var element in elements.Skip(1))
        {
            if (element.Path is not { } path)
            {
                continue;
            }
            var dot = path.LastIndexOf('.');
            var name = path[(dot + 1)..];
            var node = new ElementNode(element, name);
            if (element.SliceName is not null && current.TryGetValue(path, out var previous))
            {
                // A slice (or re-slice "a/b") of the entry with the same path.
                var entry = lastEntry.GetValueOrDefault(path) ?? previous;
                var sliceName = element.SliceName;
                var slash = sliceName.LastIndexOf('/');
                if (slash > 0)
                {
                    entry = entry.Slices.FirstOrDefault(s => s.Definition.SliceName == sliceName[..slash]) ?? entry;
                }
                entry.Slices.Add(node);
                current[path] = node;
                continue;
            }
            var parentPath = path[..Math.Max(dot, 0)];
            if (!current.TryGetValue(parentPath, out var parent))
            {
                continue;
            }
            parent.Children.Add(node);
            current[path] = node;
            lastEntry[path] = node;
            // The first (unsliced) definition of a path is the target of content references.
            unsliced.TryAdd(path, node);
        }
        return new ElementTree(definition, root, unsliced);
    }
}
