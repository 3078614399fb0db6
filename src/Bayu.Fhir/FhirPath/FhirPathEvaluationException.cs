namespace Bayu.Fhir.FhirPath;

/// <summary>A well-formed FHIRPath expression failed while being evaluated (e.g. a type error).</summary>
public sealed class FhirPathEvaluationException : Exception
{
    public FhirPathEvaluationException()
    {
    }

    public FhirPathEvaluationException(string message)
        : base(message)
    {
    }

    public FhirPathEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
