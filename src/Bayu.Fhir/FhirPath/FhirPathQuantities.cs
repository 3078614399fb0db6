using Bayu.Fhir.Units;
using Fhir.Metrics;
using Hl7.Fhir.ElementModel;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// Quantity equality, equivalence, ordering and arithmetic with UCUM unit conversion and calendar
/// durations (FHIRPath 2.0 §6.1.1 Quantity Equality, §6.1.3 Quantity Equivalence, §6.2 Comparison,
/// §6.5 Math on quantities).
/// </summary>
/// <remarks>
/// Units are converted by Fhir.Metrics, the UCUM library the Firely SDK itself depends on (its
/// FHIRPath engine only compares quantities with identical units). Calendar durations of fixed
/// length (week … millisecond) mean the same as their UCUM definite durations. Calendar years
/// and months have no fixed length: they compare with each other (1 year = 12 months) but not
/// with UCUM 'a' and 'mo', except under equivalence, where the spec makes 1 year ~ 1 'a'.
/// </remarks>
internal static class FhirPathQuantities
{
    private const string UcumSystem = UcumCanonical.UcumSystem;
    private const string CalendarMonths = "{calendar month}";

    private static IMetricService Ucum => FhirMetricService.Instance.Value;

    /// <summary>The System.Quantity an element stands for: a FHIRPath quantity or a FHIR Quantity element.</summary>
    public static P.Quantity? From(ITypedElement element) => element switch
    {
        { Value: P.Quantity q } => q,
        // Only UCUM units can be converted; other unit systems keep the SDK's same-unit comparison.
        Hl7.Fhir.Model.PocoNode { Poco: Hl7.Fhir.Model.Quantity { Value: { } value, System: null or UcumSystem } fhir }
            when (fhir.Code ?? fhir.Unit) is { } unit => new P.Quantity(value, unit),
        _ => null,
    };

    /// <summary>True/false when the quantities are comparable, empty (null) when their units cannot be compared.</summary>
    public static bool? Equal(P.Quantity a, P.Quantity b) =>
        TryCommon(a, b, equivalence: false, out var x, out var y) ? x == y : null;

    /// <summary>
    /// Equal once both are rounded to the resolution of the less precise operand (§6.1.3: 4 'g'
    /// stands for 3.5–4.5 g, so 4 'g' ~ 4040 'mg'); false when the units are not comparable.
    /// </summary>
    public static bool Equivalent(P.Quantity a, P.Quantity b)
    {
        if (!TryCommon(a, b, equivalence: true, out var x, out var y)
            || Resolution(a) is not { } ra || Resolution(b) is not { } rb)
        {
            return false;
        }
        var step = Math.Max(ra, rb);
        return decimal.Round(x / step, MidpointRounding.AwayFromZero) == decimal.Round(y / step, MidpointRounding.AwayFromZero);
    }

    /// <summary>The last written digit of the value, in canonical units (trailing zeros do not count, as for decimals).</summary>
    private static decimal? Resolution(P.Quantity q)
    {
        var unit = new P.Quantity(1m, q.Unit, q.System);
        var perUnit = Canonical(unit, equivalence: true) is { } c ? c.Value : 1m;
        var digit = new decimal(1, 0, 0, false, (byte)Normalised(q.Value).Scale);
        return digit * perUnit;
    }

    public static int? Compare(P.Quantity a, P.Quantity b) =>
        TryCommon(a, b, equivalence: false, out var x, out var y) ? x.CompareTo(y) : null;

    /// <summary>Whether the units can be converted into each other (FHIRPath 3.0 comparable()).</summary>
    public static bool Comparable(P.Quantity a, P.Quantity b) => TryCommon(a, b, equivalence: false, out _, out _);

    public static P.Quantity? Multiply(P.Quantity a, P.Quantity b) =>
        ToUcum(a) is { } x && ToUcum(b) is { } y && Ucum.TryMultiply((x.Value, x.Unit, UcumSystem), (y.Value, y.Unit, UcumSystem), out var product) && product is { } p
            ? new P.Quantity(p.Item1, UnitOrOne(p.Item2))
            : null;

    public static P.Quantity? Divide(P.Quantity a, P.Quantity b) =>
        ToUcum(a) is { } x && ToUcum(b) is { } y && y.Value != 0 && Ucum.TryDivide((x.Value, x.Unit, UcumSystem), (y.Value, y.Unit, UcumSystem), out var quotient) && quotient is { } q
            ? new P.Quantity(q.Item1, UnitOrOne(q.Item2))
            : null;

    /// <summary>a ± b in a's unit; empty when b cannot be expressed in it.</summary>
    public static P.Quantity? Add(P.Quantity a, P.Quantity b, int sign)
    {
        if (a.Unit == b.Unit && a.System == b.System)
        {
            return new P.Quantity(a.Value + sign * b.Value, a.Unit, a.System);
        }
        return ToUcum(a) is { } x && ToUcum(b) is { } y && Ucum.TryConvertTo((y.Value, y.Unit, UcumSystem), x.Unit, out var converted) && converted is { } c
            ? new P.Quantity(a.Value + sign * c.Item1, a.Unit, a.System)
            : null;
    }

    /// <summary>Both quantities as values of one canonical unit, when their dimensions agree.</summary>
    private static bool TryCommon(P.Quantity a, P.Quantity b, bool equivalence, out decimal x, out decimal y)
    {
        x = y = 0;
        if (Canonical(a, equivalence) is not { } ca || Canonical(b, equivalence) is not { } cb)
        {
            // A unit UCUM does not know still compares with itself.
            (x, y) = (a.Value, b.Value);
            return a.Unit == b.Unit && a.System == b.System;
        }
        if (ca.Unit != cb.Unit)
        {
            return false;
        }
        (x, y) = (ca.Value, cb.Value);
        return true;
    }

    private static (decimal Value, string Unit)? Canonical(P.Quantity q, bool equivalence)
    {
        if (q.IsCalendarDuration && !equivalence && q.Unit is "year" or "month")
        {
            return (q.Unit == "year" ? q.Value * 12 : q.Value, CalendarMonths);
        }
        // Through the shared per-unit cache: Fhir.Metrics re-parses the unit expression on every call.
        return ToUcum(q) is { } u && UcumCanonical.TryCanonicalize(u.Value, UcumCanonical.UcumSystem, u.Unit, out var value, out var unit)
            ? (value, UnitOrOne(unit))
            : null;
    }

    /// <summary>The quantity in UCUM terms: calendar durations map to their UCUM counterparts.</summary>
    private static (decimal Value, string Unit)? ToUcum(P.Quantity q)
    {
        if (!q.IsCalendarDuration)
        {
            return (q.Value, q.Unit);
        }
        string? unit = q.Unit switch
        {
            "year" => "a",
            "month" => "mo",
            "week" => "wk",
            "day" => "d",
            "hour" => "h",
            "minute" => "min",
            "second" => "s",
            "millisecond" => "ms",
            _ => null,
        };
        return unit is null ? null : (q.Value, unit);
    }

    private static string UnitOrOne(string unit) => unit.Length == 0 ? "1" : unit;

    // 4.0400 has the precision of 4.04: trailing zeros do not count (§6.1.3).
    private static decimal Normalised(decimal value) =>
        decimal.Parse(value.ToString("G29", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
}
