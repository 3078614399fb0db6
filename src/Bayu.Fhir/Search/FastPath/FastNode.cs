using Hl7.Fhir.Model;

namespace Bayu.Fhir.Search.FastPath;

/// <summary>
/// One node of a search-parameter expression compiled to direct model access. Nodes evaluate
/// against a single focus and append their results, so a whole expression runs without the
/// SDK's per-node enumerators and closures.
/// </summary>
internal abstract class FastNode
{
    /// <summary>Appends the results for <paramref name="focus"/> to <paramref name="output"/>.</summary>
    public abstract void Evaluate(Base focus, Resource root, List<Base> output);

    /// <summary>
    /// This node for inputs of one resource type: branches that start with another type are
    /// dropped (most R4 parameters are unions over many types). Null when nothing can match.
    /// </summary>
    public abstract FastNode? Specialize(Type resourceType);

    /// <summary>Children named <paramref name="name"/> of <paramref name="parent"/>, as the model holds them.</summary>
    protected static void AddChildren(Base parent, string name, List<Base> output)
    {
        if (!parent.TryGetValue(name, out var value) || value is null)
        {
            return;
        }
        if (value is Base single)
        {
            output.Add(single);
            return;
        }
        if (value is System.Collections.IEnumerable many)
        {
            foreach (var item in many)
            {
                if (item is Base element)
                {
                    output.Add(element);
                }
            }
        }
    }
}

/// <summary><c>$this</c>.</summary>
internal sealed class ThisNode : FastNode
{
    public static readonly ThisNode Instance = new();

    public override void Evaluate(Base focus, Resource root, List<Base> output) => output.Add(focus);

    public override FastNode Specialize(Type resourceType) => this;
}

/// <summary>A resource type name at the start of a path (<c>Patient.name</c>, <c>Resource.id</c>): keeps the focus when it is of that type or a subtype.</summary>
internal sealed class TypeRootNode(Type type) : FastNode
{
    public override FastNode? Specialize(Type resourceType) => type.IsAssignableFrom(resourceType) ? ThisNode.Instance : null;

    public override void Evaluate(Base focus, Resource root, List<Base> output)
    {
        if (type.IsInstanceOfType(focus))
        {
            output.Add(focus);
        }
    }
}

/// <summary><c>focus.name</c>.</summary>
internal sealed class ChildNode(FastNode focus, string name) : FastNode
{
    public override FastNode? Specialize(Type resourceType) => focus.Specialize(resourceType) is { } f ? new ChildNode(f, name) : null;

    public override void Evaluate(Base focus1, Resource root, List<Base> output)
    {
        if (focus is ThisNode)
        {
            AddChildren(focus1, name, output);
            return;
        }
        var parents = new List<Base>();
        focus.Evaluate(focus1, root, parents);
        foreach (var parent in parents)
        {
            AddChildren(parent, name, output);
        }
    }
}

/// <summary><c>focus as T</c>, <c>focus.as(T)</c>, <c>focus.ofType(T)</c>: keeps elements whose type is exactly T.</summary>
internal sealed class TypeFilterNode(FastNode focus, string typeName) : FastNode
{
    public override FastNode? Specialize(Type resourceType) => focus.Specialize(resourceType) is { } f ? new TypeFilterNode(f, typeName) : null;

    public override void Evaluate(Base focus1, Resource root, List<Base> output)
    {
        var items = new List<Base>();
        focus.Evaluate(focus1, root, items);
        foreach (var item in items)
        {
            if (item.TypeName == typeName)
            {
                output.Add(item);
            }
        }
    }
}

/// <summary><c>focus[n]</c>.</summary>
internal sealed class IndexNode(FastNode focus, int index) : FastNode
{
    public override FastNode? Specialize(Type resourceType) => focus.Specialize(resourceType) is { } f ? new IndexNode(f, index) : null;

    public override void Evaluate(Base focus1, Resource root, List<Base> output)
    {
        var items = new List<Base>();
        focus.Evaluate(focus1, root, items);
        if (index >= 0 && index < items.Count)
        {
            output.Add(items[index]);
        }
    }
}

/// <summary><c>focus.where(condition)</c>.</summary>
internal sealed class WhereNode(FastNode focus, FastCondition condition) : FastNode
{
    // The condition is relative to each item, never to the resource type, so it stays as is.
    public override FastNode? Specialize(Type resourceType) => focus.Specialize(resourceType) is { } f ? new WhereNode(f, condition) : null;

    public override void Evaluate(Base focus1, Resource root, List<Base> output)
    {
        var items = new List<Base>();
        focus.Evaluate(focus1, root, items);
        foreach (var item in items)
        {
            if (condition.IsTrue(item, root))
            {
                output.Add(item);
            }
        }
    }
}

/// <summary>
/// <c>left | right</c>: both sides, without duplicates, as FHIRPath's union (the SDK compares
/// elements by value, so equal elements collapse even within one side).
/// </summary>
internal sealed class UnionNode(IReadOnlyList<FastNode> branches) : FastNode
{
    public IReadOnlyList<FastNode> Branches => branches;

    // A single remaining branch stays wrapped: union also removes duplicates within one side.
    public override FastNode? Specialize(Type resourceType)
    {
        List<FastNode> kept = [.. branches.Select(b => b.Specialize(resourceType)).OfType<FastNode>()];
        return kept.Count == 0 ? null : new UnionNode(kept);
    }

    public override void Evaluate(Base focus, Resource root, List<Base> output)
    {
        var start = output.Count;
        foreach (var branch in branches)
        {
            var items = new List<Base>();
            branch.Evaluate(focus, root, items);
            foreach (var item in items)
            {
                if (!Contains(output, start, item))
                {
                    output.Add(item);
                }
            }
        }
    }

    private static bool Contains(List<Base> output, int start, Base item)
    {
        for (var i = start; i < output.Count; i++)
        {
            if (ReferenceEquals(output[i], item) || output[i].IsExactly(item))
            {
                return true;
            }
        }
        return false;
    }
}
