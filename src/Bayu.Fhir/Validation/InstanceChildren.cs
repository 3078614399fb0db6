using Hl7.Fhir.Model;

namespace Bayu.Fhir.Validation;

/// <summary>The children of a model element by FHIR element name, in document order.</summary>
internal static class InstanceChildren
{
    public static Dictionary<string, List<Base>> Of(Base instance)
    {
        var result = new Dictionary<string, List<Base>>(StringComparer.Ordinal);
        foreach (var (name, value) in instance.EnumerateElements())
        {
            switch (value)
            {
                case Base single:
                    Add(result, name, single);
                    break;
                case string text when instance is not PrimitiveType:
                    // Attributes such as Element.id and Extension.url are plain strings in the model.
                    Add(result, name, new FhirString(text));
                    break;
                case System.Collections.IEnumerable list and not string:
                    foreach (var item in list)
                    {
                        if (item is Base b)
                        {
                            Add(result, name, b);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        return result;
    }

    public static bool HasAny(Base instance) =>
        instance.EnumerateElements().Any(e => e.Key != "id" && e.Value is not null && (e.Value is not System.Collections.ICollection { Count: 0 }));

    private static void Add(Dictionary<string, List<Base>> result, string name, Base value)
    {
        if (!result.TryGetValue(name, out var list))
        {
            result[name] = list = [];
        }
        list.Add(value);
    }
}
