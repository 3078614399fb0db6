using System.Globalization;
using Fhir.Metrics;

namespace Bayu.Storage.Indexing;

/// <summary>UCUM canonical form (e.g. 5 mg → 0.005 g) through Fhir.Metrics, so 5 mg and 0.005 g match.</summary>
public static class UcumCanonical
{
    public const string UcumSystem = "http://unitsofmeasure.org";

    public static bool TryCanonicalize(decimal value, string? system, string? code, out decimal canonicalValue, out string canonicalCode)
    {
        canonicalValue = 0;
        canonicalCode = "";
        if (string.IsNullOrEmpty(code) || (system is not null && system != UcumSystem))
        {
            return false;
        }
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
}
