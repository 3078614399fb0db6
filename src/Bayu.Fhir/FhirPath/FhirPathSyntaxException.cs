namespace Bayu.Fhir.FhirPath;

/// <summary>A FHIRPath expression could not be parsed or compiled.</summary>
public sealed class FhirPathSyntaxException : Exception
{
    public FhirPathSyntaxException()
    {
    }

    public FhirPathSyntaxException(string message)
        : base(message)
    {
    }

    public FhirPathSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The expression that failed to compile.</summary>
    public string? Expression { get; init; }
}
