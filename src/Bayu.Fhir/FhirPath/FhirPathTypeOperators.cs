using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// <c>is</c>, <c>as</c> and <c>ofType</c> (FHIRPath 2.0 §6.3, §5.2.4) over the SDK's matching, with
/// what the SDK leaves out: an unknown type name is an error, <c>x is T</c> does not depend on the
/// evaluation focus, and a FHIR primitive is also of the types it specialises in the FHIR
/// definitions (code is a string, url a uri: the StructureDefinitions' baseDefinition chain).
/// </summary>
/// <remarks>
/// The specialisation rule is applied to <c>is</c> only. <c>as</c> and <c>ofType</c> keep the SDK's
/// exact filtering because the R4 search parameters evaluated for indexing use them and the
/// search-value fast path reproduces that filtering; R4's own expressions also apply <c>as</c> to
/// collections (e.g. <c>Observation.component.value as Quantity</c>), so <c>as</c> keeps filtering
/// several items instead of raising the error FHIRPath asks for.
/// </remarks>
internal static class FhirPathTypeOperators
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "is", "binary.is", "as", "binary.as", "ofType",
    };

    private static readonly HashSet<string> s_systemTypes = new(StringComparer.Ordinal)
    {
        "Any", "Boolean", "String", "Integer", "Long", "Decimal", "Date", "DateTime", "Time", "Quantity",
    };

    public static void Add(SymbolTable t)
    {
        t.Add("is", (IEnumerable<PocoNode> focus, string type, EvaluationContext context) => Is(focus, type, context));
        t.Add("binary.is", (object _, IEnumerable<PocoNode> left, string type, EvaluationContext context) => Is(left, type, context));
        t.Add("as", (IEnumerable<PocoNode> focus, string type, EvaluationContext context) => Filter(focus, type, context));
        t.Add("binary.as", (object _, IEnumerable<PocoNode> left, string type, EvaluationContext context) => Filter(left, type, context));
        t.Add("ofType", (IEnumerable<PocoNode> focus, string type, EvaluationContext context) => Filter(focus, type, context));
    }

    private static bool? Is(IEnumerable<PocoNode> focus, string type, EvaluationContext context)
    {
        var registry = KnownType(type, context);
        var items = focus.Take(2).ToList();
        return items switch
        {
            [] => null,
            [var item] => SdkTypeOperators.Is(item, type) || Specialises(item.Poco.TypeName, type, registry),
            _ => throw new InvalidOperationException($"'is {type}' applies to a single item."),
        };
    }

    private static IEnumerable<PocoNode> Filter(IEnumerable<PocoNode> focus, string type, EvaluationContext context)
    {
        KnownType(type, context);
        return SdkTypeOperators.FilterType(focus, type);
    }

    /// <summary>
    /// §6.3: a type name that resolves to no type is an error, not an empty result. A name
    /// qualified with a known model (System.Patient) is answered instead: the value is not of a
    /// type that model lacks (the official suite's testType22 reads it so).
    /// </summary>
    private static DefinitionRegistry? KnownType(string type, EvaluationContext context)
    {
        var registry = (context as BayuEvaluationContext)?.Engine.Definitions;
        var (model, name) = Split(type);
        var known = model is not null
            || s_systemTypes.Contains(name)
            || registry is null
            || registry.FindTypeDefinition(name) is not null;
        return known ? registry : throw new InvalidOperationException($"'{type}' is not a known type.");
    }

    private static bool Specialises(string instanceType, string type, DefinitionRegistry? registry)
    {
        var (model, name) = Split(type);
        if (registry is null || model == "System")
        {
            return false;
        }
        // Walk code → string → Element…; 10 steps is deeper than any FHIR R4 type chain.
        var definition = registry.FindTypeDefinition(instanceType);
        for (var depth = 0; definition?.BaseDefinition is { } baseUrl && depth < 10; depth++)
        {
            var baseName = baseUrl[(baseUrl.LastIndexOf('/') + 1)..];
            if (string.Equals(baseName, name, StringComparison.Ordinal))
            {
                return true;
            }
            definition = registry.FindStructureDefinition(baseUrl);
        }
        return false;
    }

    private static (string? Model, string Name) Split(string type)
    {
        var dot = type.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && type[..dot] is "FHIR" or "System" ? (type[..dot], type[(dot + 1)..].Trim('`')) : (null, type.Trim('`'));
    }
}
