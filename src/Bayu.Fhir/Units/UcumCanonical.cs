using System.Collections.Concurrent;
using System.Globalization;
using Fhir.Metrics;

namespace Bayu.Fhir.Units;

/// <summary>UCUM canonical form (e.g. 5 mg → 0.005 g) through Fhir.Metrics, so 5 mg and 0.005 g match.</summary>
/// <remarks>
/// Fhir.Metrics parses the unit expression on every call, which cost more than everything else on
/// the write path together (profiled: 38% of an import). Units are few and values many, so each
/// unit's conversion is worked out once and cached: a linear unit as a factor, a unit with an
/// offset (Cel, [degF]) or one that does not convert as such, and only those go back to the library.
/// </remarks>
public static class UcumCanonical
{
    public const string UcumSystem = "http://unitsofmeasure.org";

    private static readonly ConcurrentDictionary<string, UnitConversion> s_units = new(StringComparer.Ordinal);

    public static bool TryCanonicalize(decimal value, string? system, string? code, out decimal canonicalValue, out string canonicalCode)
    {
        canonicalValue = 0;
        canonicalCode = "";
        if (string.IsNullOrEmpty(code) || (system is not null && system != UcumSystem))
        {
            return false;
        }
        var conversion = s_units.GetOrAdd(code, UnitConversion.Analyse);
        switch (conversion.Kind)
        {
            case ConversionKind.Linear:
                canonicalValue = value * conversion.Factor;
                canonicalCode = conversion.CanonicalCode;
                return true;
            case ConversionKind.NonLinear:
                return TryLibrary(value, code, out canonicalValue, out canonicalCode);
            default:
                return false;
        }
    }

    private static bool TryLibrary(decimal value, string code, out decimal canonicalValue, out string canonicalCode)
    {
        canonicalValue = 0;
        canonicalCode = "";
        try
        {
            if (FhirMetricService.Instance.Value.TryCanonicalize((value.ToString(CultureInfo.InvariantCulture), code, UcumSystem), out var result)
                && result is { } r
                && decimal.TryParse(r.Item1, NumberStyles.Float, CultureInfo.InvariantCulture, out canonicalValue))
            {
                canonicalCode = r.Item2;
                return true;
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or OverflowException)
        {
            // An unparseable unit simply has no canonical form.
        }
        return false;
    }

    private enum ConversionKind { None, Linear, NonLinear }

    private sealed record UnitConversion(ConversionKind Kind, decimal Factor, string CanonicalCode)
    {
        public static UnitConversion Analyse(string code)
        {
            if (!TryLibrary(1m, code, out var one, out var canonical) || !TryLibrary(0m, code, out var zero, out _))
            {
                return new UnitConversion(ConversionKind.None, 0, "");
            }
            // f(0) = 0 and f(1000) = 1000·f(1) together mean a plain factor; anything else (an offset) is non-linear.
            var linear = zero == 0 && TryLibrary(1000m, code, out var thousand, out _) && thousand == one * 1000m;
            return linear
                ? new UnitConversion(ConversionKind.Linear, one, canonical)
                : new UnitConversion(ConversionKind.NonLinear, 0, canonical);
        }
    }
}
