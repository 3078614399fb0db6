using System.Collections.Concurrent;
using System.Globalization;
using Fhir.Metrics;

namespace Bayu.Fhir.Units;

/// <summary>UCUM canonical form (e.g. 5 mg → 0.005 g) through Fhir.Metrics, so 5 mg and 0.005 g match.</summary>
/// <remarks>
/// <para>
/// The mole keeps a dimension of its own: 1 mmol/L is 1 <c>mol.m-3</c>, not UCUM's literal
/// 6.0221367 × 10²³ <c>m-3</c>, which is also what 602 213 670 000 10*9/L comes to. A clinician
/// never compares a substance concentration with a cell count, so neither does a search or a
/// FHIRPath comparison; mmol/L and µmol/L, or meq/L and mmol/L, still convert.
/// </para>
/// <para>
/// Fhir.Metrics parses the unit expression on every call, which cost more than everything else on
/// the write path together (profiled: 38% of an import). Units are few and values many, so each
/// unit's conversion is worked out once and cached: a linear unit as a factor, a unit with an
/// offset (Cel, [degF]) or one that does not convert as such, and only those go back to the library.
/// </para>
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
                try
                {
                    canonicalValue = value * conversion.Factor;
                }
                catch (OverflowException)
                {
                    // Beyond decimal's range (e.g. 10^10 km3 in m3): no canonical form rather than a failed request.
                    return false;
                }
                canonicalCode = conversion.CanonicalCode;
                return true;
            case ConversionKind.NonLinear:
                return TryLibrary(value, code, out canonicalValue, out canonicalCode) && SeparateMoles(code, ref canonicalValue, ref canonicalCode);
            default:
                return false;
        }
    }

    /// <summary>
    /// Takes the mole out of the library's number into a dimension of its own: the value divided
    /// by Avogadro's number to the unit's power of mol, the code marked <c>mol</c> (or <c>mol2</c>, <c>mol-1</c>).
    /// </summary>
    private static bool SeparateMoles(string code, ref decimal canonicalValue, ref string canonicalCode)
    {
        var moles = AmountOfSubstance.ExponentOf(code);
        if (moles == 0)
        {
            return true;
        }
        try
        {
            for (var i = 0; i < Math.Abs(moles); i++)
            {
                canonicalValue = moles > 0 ? canonicalValue / AmountOfSubstance.Avogadro : canonicalValue * AmountOfSubstance.Avogadro;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
        canonicalCode = MarkMoles(canonicalCode, moles);
        return true;
    }

    private static string MarkMoles(string canonicalCode, int moles)
    {
        var marker = moles == 1 ? "mol" : "mol" + moles.ToString(CultureInfo.InvariantCulture);
        return canonicalCode is "" or "1" ? marker : marker + "." + canonicalCode;
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
            var moles = AmountOfSubstance.ExponentOf(code);
            // Per mole (L/mol) the library's number for one unit is tiny and has lost its digits in
            // decimal: probe with Avogadro's number of the unit, whose canonical value is the factor without the mole.
            if (PowerOfAvogadro(Math.Abs(moles)) is not { } avogadros)
            {
                return new UnitConversion(ConversionKind.None, 0, "");
            }
            var probe = moles < 0 ? avogadros : 1m;
            if (!TryLibrary(probe, code, out var atProbe, out var canonical) || !TryLibrary(0m, code, out var zero, out _))
            {
                return new UnitConversion(ConversionKind.None, 0, "");
            }
            // f(0) = 0 and f(1000) = 1000·f(1) together mean a plain factor; anything else (an offset) is non-linear.
            var linear = zero == 0 && TryLibrary(1000m * probe, code, out var thousand, out _) && thousand == atProbe * 1000m;
            if (!linear)
            {
                return new UnitConversion(ConversionKind.NonLinear, 0, canonical);
            }
            // With mol in the unit the library's factor carries Avogadro's number exactly (1 mmol/L is 6.0221367e23 m-3): divide it out.
            var factor = moles > 0 ? atProbe / avogadros : atProbe;
            return new UnitConversion(ConversionKind.Linear, factor, moles == 0 ? canonical : MarkMoles(canonical, moles));
        }

        private static decimal? PowerOfAvogadro(int exponent)
        {
            var result = 1m;
            try
            {
                for (var i = 0; i < exponent; i++)
                {
                    result *= AmountOfSubstance.Avogadro;
                }
            }
            catch (OverflowException)
            {
                return null;
            }
            return result;
        }
    }
}
