using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's standard FHIRPath and FHIR-specific functions, plus Bayu's additions and replacements.</summary>
internal static class FhirPathSymbols
{
    public static SymbolTable Create()
    {
        // Bayu's functions live in a child table, looked up before the SDK's. Names Bayu owns
        // outright are taken out of the SDK's table (see SdkSymbolTable for why shadowing is not enough).
        var owned = new HashSet<string>(FhirPathOperators.Names.Concat(FhirPathArithmetic.Names).Concat(FhirPathFunctions.Names).Concat(FhirPathTypeOperators.Names).Concat(FhirPathLambdaFunctions.Names).Concat(FhirPathSort.Names), StringComparer.Ordinal);
        var symbols = new SymbolTable(SdkSymbolTable.Create(owned));
        FhirPathOperators.Add(symbols);
        FhirPathArithmetic.Add(symbols);
        FhirPathFunctions.Add(symbols);
        FhirPathTypeOperators.Add(symbols);
        FhirPathLambdaFunctions.Add(symbols);
        FhirPathSort.Add(symbols);
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
