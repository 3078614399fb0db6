using Hl7.Fhir.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's standard FHIRPath and FHIR-specific functions, plus Bayu's corrections.</summary>
internal static class FhirPathSymbols
{
    public static SymbolTable Create()
    {
        var symbols = new SymbolTable().AddStandardFP().AddFhirExtensions();
        return symbols;
    }
}
