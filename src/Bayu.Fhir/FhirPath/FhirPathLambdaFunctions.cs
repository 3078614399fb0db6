using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using Hl7.FhirPath.Functions;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// <c>iif()</c>, <c>all()</c> and <c>repeat()</c>, registered through <see cref="SdkLambdas"/>
/// with the SDK's evaluation scopes, fixing where the SDK departs from FHIRPath 2.0 §5.
/// </summary>
internal static class FhirPathLambdaFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "iif", "all", "repeat" };

    public static void Add(SymbolTable t)
    {
        SdkLambdas.Add(t, "iif", 2, Iif);
        SdkLambdas.Add(t, "iif", 3, Iif);
        SdkLambdas.Add(t, "all", 1, All);
        SdkLambdas.Add(t, "repeat", 1, Repeat);
    }

    /// <summary>§5.5 iif(): on more than one input item the evaluation ends with an error (the SDK ignored the input).</summary>
    private static IEnumerable<PocoNode> Iif(SdkLambdas.Scope scope, IReadOnlyList<SdkLambdas.Argument> arguments)
    {
        var focus = arguments[0].Evaluate(scope);
        if (focus.Count > 1)
        {
            throw new InvalidOperationException("iif() applies to at most one input item.");
        }
        // The arguments see the input (possibly empty) as their focus and $this, e.g. ctm-1's
        // member.resolve().iif(empty(), …); $index and $total keep the caller's meaning.
        scope = scope.WithThis(focus);
        var criterion = Truth(arguments[1].Evaluate(scope), "iif() criterion");
        return criterion == true ? arguments[2].Evaluate(scope)
            : arguments.Count > 3 ? arguments[3].Evaluate(scope)
            : [];
    }

    /// <summary>§5.1 all(): true only when the criteria are true for every item; an empty result counts as not true (the SDK returned empty).</summary>
    private static IEnumerable<PocoNode> All(SdkLambdas.Scope scope, IReadOnlyList<SdkLambdas.Argument> arguments)
    {
        var index = 0;
        foreach (var item in arguments[0].Evaluate(scope))
        {
            if (Truth(arguments[1].Evaluate(scope.For(item, index++)), "all() criteria") != true)
            {
                return [PocoNode.ForAnyPrimitive(false)];
            }
        }
        return [PocoNode.ForAnyPrimitive(true)];
    }

    /// <summary>§5.2 repeat(): items already in the result are not added again, also within one round (the SDK compared only with earlier rounds).</summary>
    private static IEnumerable<PocoNode> Repeat(SdkLambdas.Scope scope, IReadOnlyList<SdkLambdas.Argument> arguments)
    {
        var result = new List<PocoNode>();
        var pending = new Queue<PocoNode>(arguments[0].Evaluate(scope));
        var index = 0;
        while (pending.TryDequeue(out var item))
        {
            foreach (var found in arguments[1].Evaluate(scope.For(item, index++)))
            {
                if (!result.Contains(found, EqualityOperators.TypedElementEqualityComparer))
                {
                    result.Add(found);
                    pending.Enqueue(found);
                }
            }
        }
        return result;
    }

    /// <summary>Singleton evaluation of a collection as a Boolean (§4.5): empty is unknown, one non-Boolean item is true.</summary>
    private static bool? Truth(IReadOnlyList<PocoNode> result, string what) => result switch
    {
        [] => null,
        [ITypedElement { Value: bool b }] => b,
        [_] => true,
        _ => throw new InvalidOperationException($"The {what} gave several items, not a Boolean."),
    };
}
