using System.Text.RegularExpressions;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's standard FHIRPath and FHIR-specific functions, plus Bayu's additions.</summary>
internal static class FhirPathSymbols
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    public static SymbolTable Create()
    {
        var symbols = new SymbolTable().AddStandardFP().AddFhirExtensions();
        // matchesFull() (FHIRPath 3.0) is missing from the SDK: the whole string must match, and
        // '.' matches newlines as in matches(). The timeout keeps a hostile pattern from hanging.
        symbols.Add("matchesFull", (string focus, string pattern) =>
            Regex.IsMatch(focus, "^(?:" + pattern + ")$", RegexOptions.Singleline | RegexOptions.CultureInvariant, s_regexTimeout), doNullProp: true);
        return symbols;
    }
}
