using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using Hl7.FhirPath.Functions;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>Bayu's polarity, equality, equivalence and comparison operators (quantities through <see cref="FhirPathQuantities"/>), each one entry for its name.</summary>
/// <remarks>
/// FHIRPath propagates empty only from the operands (§6 Operations): <c>-1</c> and <c>1 = 1</c>
/// do not depend on the input. The SDK's versions also return empty when the evaluation focus is
/// empty (see <see cref="SdkSymbolTable"/>), so Bayu registers these names itself, once each,
/// ignoring the focus.
/// </remarks>
internal static class FhirPathOperators
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "unary.-", "unary.+", "binary.=", "binary.!=", "binary.~", "binary.!~", "binary.<", "binary.>", "binary.<=", "binary.>=",
    };

    public static void Add(SymbolTable t)
    {
        t.Add("unary.-", (object _, P.Any? a) => Negate(a));
        t.Add("unary.+", (object _, P.Any? a) => Polarity(a, negate: false));
        t.Add("binary.=", (object _, IEnumerable<ITypedElement> a, IEnumerable<ITypedElement> b) => Equal(a, b));
        t.Add("binary.!=", (object _, IEnumerable<ITypedElement> a, IEnumerable<ITypedElement> b) => !Equal(a, b));
        t.Add("binary.~", (object _, IEnumerable<ITypedElement> a, IEnumerable<ITypedElement> b) => Equivalent(a, b));
        t.Add("binary.!~", (object _, IEnumerable<ITypedElement> a, IEnumerable<ITypedElement> b) => !Equivalent(a, b));
        t.Add("binary.<", (object _, P.Any? a, P.Any? b) => Compare(a, b, "<"));
        t.Add("binary.>", (object _, P.Any? a, P.Any? b) => Compare(a, b, ">"));
        t.Add("binary.<=", (object _, P.Any? a, P.Any? b) => Compare(a, b, "<="));
        t.Add("binary.>=", (object _, P.Any? a, P.Any? b) => Compare(a, b, ">="));
    }

    private static object? Negate(P.Any? a) => Polarity(a, negate: true);

    private static object? Polarity(P.Any? operand, bool negate) => operand switch
    {
        null => null,
        P.Integer i => negate ? -i.Value : i.Value,
        P.Long l => negate ? -l.Value : l.Value,
        P.Decimal d => negate ? -d.Value : d.Value,
        P.Quantity q => negate ? new P.Quantity(-q.Value, q.Unit, q.System) : q,
        // Inside a sort() key, '-' means descending for any type.
        _ when negate && FhirPathSort.EvaluatingKeys => new FhirPathSort.Descending(operand).ToPocoNode(),
        _ => throw new InvalidOperationException($"Polarity operator cannot be applied to {operand.GetType().Name}."),
    };

    private static bool? Equal(IEnumerable<ITypedElement> left, IEnumerable<ITypedElement> right)
    {
        var a = left as IReadOnlyCollection<ITypedElement> ?? [.. left];
        var b = right as IReadOnlyCollection<ITypedElement> ?? [.. right];
        if (a.Count == 0 || b.Count == 0)
        {
            return null;
        }
        return SingleQuantities(a, b) is var (x, y) ? FhirPathQuantities.Equal(x, y) : a.IsEqualTo(b);
    }

    private static bool Equivalent(IEnumerable<ITypedElement> left, IEnumerable<ITypedElement> right)
    {
        var a = left as IReadOnlyCollection<ITypedElement> ?? [.. left];
        var b = right as IReadOnlyCollection<ITypedElement> ?? [.. right];
        return SingleQuantities(a, b) is var (x, y) ? FhirPathQuantities.Equivalent(x, y) : a.IsEquivalentTo(b);
    }

    private static (P.Quantity, P.Quantity)? SingleQuantities(IReadOnlyCollection<ITypedElement> a, IReadOnlyCollection<ITypedElement> b) =>
        a.Count == 1 && b.Count == 1 && FhirPathQuantities.From(a.First()) is { } x && FhirPathQuantities.From(b.First()) is { } y ? (x, y) : null;

    private static bool? Compare(P.Any? a, P.Any? b, string op)
    {
        if (a is null || b is null)
        {
            return null;
        }
        if (a is not P.Quantity x || b is not P.Quantity y)
        {
            return EqualityOperators.Compare(a, b, op);
        }
        return FhirPathQuantities.Compare(x, y) is not { } order ? null : op switch
        {
            "<" => order < 0,
            ">" => order > 0,
            "<=" => order <= 0,
            _ => order >= 0,
        };
    }
}
