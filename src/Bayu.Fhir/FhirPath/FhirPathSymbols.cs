using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's standard FHIRPath and FHIR-specific functions, plus Bayu's additions and replacements.</summary>
internal static class FhirPathSymbols
{
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    public static SymbolTable Create()
    {
        // Bayu's functions live in a child table, looked up before the SDK's. Names Bayu owns
        // outright are taken out of the SDK's table (see SdkSymbolTable for why shadowing is not enough).
        var symbols = new SymbolTable(SdkSymbolTable.Create(new HashSet<string>(FhirPathOperators.Names.Concat(FhirPathArithmetic.Names), StringComparer.Ordinal)));
        // matchesFull() (FHIRPath 3.0) is missing from the SDK: the whole string must match, and
        // '.' matches newlines as in matches(). The timeout keeps a hostile pattern from hanging.
        symbols.Add("matchesFull", (string focus, string pattern) =>
            Regex.IsMatch(focus, "^(?:" + pattern + ")$", RegexOptions.Singleline | RegexOptions.CultureInvariant, s_regexTimeout), doNullProp: true);
        FhirPathOperators.Add(symbols);
        FhirPathArithmetic.Add(symbols);
        AddBoundaries(symbols);
        symbols.Add("type", (IEnumerable<PocoNode> focus) => focus.Select(item => FhirPathTypeInfo.Of(item.Poco).ToPocoNode()));
        return symbols;
    }

    private static void AddBoundaries(SymbolTable symbols)
    {
        symbols.Add("lowBoundary", (P.Any focus) => FhirPathBoundaries.Low(focus, null), doNullProp: true);
        symbols.Add("lowBoundary", (P.Any focus, long precision) => FhirPathBoundaries.Low(focus, precision), doNullProp: true);
        symbols.Add("highBoundary", (P.Any focus) => FhirPathBoundaries.High(focus, null), doNullProp: true);
        symbols.Add("highBoundary", (P.Any focus, long precision) => FhirPathBoundaries.High(focus, precision), doNullProp: true);
        symbols.Add("precision", (P.Any focus) => FhirPathBoundaries.Precision(focus), doNullProp: true);
    }
}
