using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using Hl7.FhirPath.Functions;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// sort() (FHIRPath 3.0 STU): by the items themselves, or by key expressions where a leading
/// <c>-</c> sorts that key descending, for any comparable type (the SDK negated the key, which
/// only works for numbers).
/// </summary>
internal static class FhirPathSort
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal) { "sort" };

    // More keys than any expression in practice; each arity is its own registration.
    private const int MaxKeys = 8;

    // Keys are evaluated by the SDK, which calls Bayu's unary minus: while a key is evaluated,
    // minus on a non-number marks the key descending instead of failing (see FhirPathOperators).
    [ThreadStatic]
    private static int t_evaluatingKeys;

    public static bool EvaluatingKeys => t_evaluatingKeys > 0;

    public static void Add(SymbolTable t)
    {
        for (var keys = 0; keys <= MaxKeys; keys++)
        {
            SdkLambdas.Add(t, "sort", keys, Sort);
        }
    }

    /// <summary>The value a descending key carries through the SDK's evaluation.</summary>
    internal sealed class Descending(P.Any value) : Base
    {
        public P.Any Value { get; } = value;

        public override string TypeName => "System.Any";

        protected override Base DeepCopyInternal() => new Descending(Value);
    }

    private static IEnumerable<PocoNode> Sort(SdkLambdas.Scope scope, IReadOnlyList<SdkLambdas.Argument> arguments)
    {
        var items = arguments[0].Evaluate(scope);
        var keyCount = arguments.Count - 1;
        var keys = new (P.Any? Value, bool Descending)[items.Count][];
        for (var i = 0; i < items.Count; i++)
        {
            keys[i] = keyCount == 0 ? [(ValueOf(items[i]), false)] : [.. arguments.Skip(1).Select(key => Key(key, scope.For(items[i], i)))];
        }
        var order = Enumerable.Range(0, items.Count).ToArray();
        // A stable sort: items with equal keys keep their order.
        return [.. order.OrderBy(i => keys[i], KeyComparer.Instance).Select(i => items[i])];
    }

    private static (P.Any? Value, bool Descending) Key(SdkLambdas.Argument key, SdkLambdas.Scope scope)
    {
        IReadOnlyList<PocoNode> result;
        t_evaluatingKeys++;
        try
        {
            result = key.Evaluate(scope);
        }
        finally
        {
            t_evaluatingKeys--;
        }
        return result switch
        {
            [] => (null, false),
            [{ Poco: Descending d }] => (d.Value, true),
            [var single] => (ValueOf(single), false),
            _ => throw new InvalidOperationException("A sort() key gave several items."),
        };
    }

    internal static P.Any? ValueOf(ITypedElement element) =>
        element.Value is P.Any any ? any : element.Value is { } value && P.Any.TryConvert(value, out var converted) ? converted : null;

    private sealed class KeyComparer : IComparer<(P.Any? Value, bool Descending)[]>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((P.Any? Value, bool Descending)[]? x, (P.Any? Value, bool Descending)[]? y)
        {
            for (var k = 0; k < x!.Length; k++)
            {
                var (a, descending) = x[k];
                var b = y![k].Value;
                // Items without a key come first in either direction (the official suite's testSort10).
                var order = (a, b) switch
                {
                    (null, null) => 0,
                    (null, _) => -1,
                    (_, null) => 1,
                    _ => (descending ? -1 : 1) * (EqualityOperators.CompareTo(a, b) ?? 0),
                };
                if (order != 0)
                {
                    return order;
                }
            }
            return 0;
        }
    }
}
