using Hl7.Fhir.FhirPath;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's evaluation context plus the engine evaluating, for functions that need Bayu services (conformsTo()).</summary>
internal sealed class BayuEvaluationContext : FhirEvaluationContext
{
    public required FhirPathEngine Engine { get; init; }
}
