using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Storage.Writing;

/// <summary>Visits every reference (and uri holding a bundle-local <c>urn:</c>) inside a resource, contained ones included.</summary>
public static class ReferenceRewriter
{
    public static async Task RewriteAsync(Base node, Func<string, Task<string?>> map)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(map);
        foreach (var child in ChildrenOf(node))
        {
            switch (child)
            {
                case ResourceReference { Reference: { Length: > 0 } reference } r:
                    if (await map(reference).ConfigureAwait(false) is { } mapped)
                    {
                        r.Reference = mapped;
                    }
                    break;
                case FhirUri { Value: { } uri } u when uri.StartsWith("urn:", StringComparison.Ordinal):
                    if (await map(uri).ConfigureAwait(false) is { } mappedUri)
                    {
                        u.Value = mappedUri;
                    }
                    break;
                default:
                    break;
            }
            await RewriteAsync(child, map).ConfigureAwait(false);
        }
    }

    private static List<Base> ChildrenOf(Base node)
    {
        var children = new List<Base>();
        foreach (var (_, value) in node.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    children.Add(single);
                    break;
                case IEnumerable<Base> many:
                    children.AddRange(many);
                    break;
                default:
                    break;
            }
        }
        return children;
    }
}
