namespace Bayu.Fhir.Formats;

/// <summary>The two FHIR wire formats Bayu reads and writes.</summary>
public enum FhirFormat
{
    /// <summary>FHIR JSON (<c>application/fhir+json</c>).</summary>
    Json,

    /// <summary>FHIR XML (<c>application/fhir+xml</c>).</summary>
    Xml,
}
