using Hl7.Fhir.Model;

namespace Bayu.Fhir.Search.FastPath;

/// <summary>A <c>where()</c> criterion evaluated directly on one element.</summary>
internal abstract class FastCondition
{
    public abstract bool IsTrue(Base item, Resource root);
}

/// <summary><c>where(path = 'text')</c>: true when the path selects exactly one primitive whose value is the text.</summary>
internal sealed class EqualsTextCondition(FastNode path, string text) : FastCondition
{
    public override bool IsTrue(Base item, Resource root)
    {
        var values = new List<Base>(1);
        path.Evaluate(item, root, values);
        return values.Count == 1 && values[0] is PrimitiveType primitive && primitive.ToString() == text;
    }
}

/// <summary><c>where(resolve() is T)</c>: true when the reference points at a resource of type T (by its URL, or the contained resource it names).</summary>
internal sealed class ResolvesToCondition(string typeName) : FastCondition
{
    public override bool IsTrue(Base item, Resource root)
    {
        // resolve() also applies to canonical and uri values; those are rare in search
        // parameters, so they go to the SDK's engine rather than being re-implemented here.
        if (item is not ResourceReference { Reference: var reference })
        {
            throw new FastPathNotApplicableException();
        }
        if (reference is null)
        {
            return false;
        }
        if (reference.Length > 1 && reference[0] == '#' && root is DomainResource container)
        {
            var id = reference[1..];
            return container.Contained.Any(c => c.Id == id && c.TypeName == typeName);
        }
        return ReferenceTargets.TypeOf(reference) == typeName;
    }
}
