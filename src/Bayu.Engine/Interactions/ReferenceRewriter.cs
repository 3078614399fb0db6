using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>Visits every reference (and uri holding a bundle-local <c>urn:</c>) inside a resource, contained ones included.</summary>
/// <remarks>
/// Synchronous on purpose: a transaction rewrites every element of every entry, and an async
/// visit per element cost more than the rest of the rewrite (profiled). References that need the
/// database (conditional ones) are handed back as <see cref="ReferenceSlot"/>s to fill in later.
/// </remarks>
public static class ReferenceRewriter
{
    /// <summary>Calls <paramref name="visit"/> for each reference in document order.</summary>
    public static void Visit(Base node, Action<ReferenceSlot> visit)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(visit);
        foreach (var (_, value) in node.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    VisitChild(single, visit);
                    break;
                case IEnumerable<Base> many:
                    foreach (var child in many)
                    {
                        VisitChild(child, visit);
                    }
                    break;
                default:
                    break;
            }
        }
    }

    private static void VisitChild(Base child, Action<ReferenceSlot> visit)
    {
        switch (child)
        {
            case ResourceReference { Reference: { Length: > 0 } reference } r:
                visit(new ReferenceSlot(r, reference));
                break;
            case FhirUri { Value: { } uri } u when uri.StartsWith("urn:", StringComparison.Ordinal):
                visit(new ReferenceSlot(u, uri));
                break;
            default:
                break;
        }
        Visit(child, visit);
    }
}

/// <summary>One reference element and the text it held when visited; <see cref="Set"/> replaces it.</summary>
public readonly record struct ReferenceSlot(Base Element, string Value)
{
    public void Set(string replacement)
    {
        switch (Element)
        {
            case ResourceReference reference:
                reference.Reference = replacement;
                break;
            case FhirUri uri:
                uri.Value = replacement;
                break;
            default:
                throw new InvalidOperationException($"{Element.TypeName} holds no reference");
        }
    }
}
