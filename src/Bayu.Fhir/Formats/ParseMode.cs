namespace Bayu.Fhir.Formats;

/// <summary>How <see cref="FhirFormats"/> treats content that is not valid FHIR.</summary>
public enum ParseMode
{
    /// <summary>
    /// Every deviation from the FHIR format rules is an error and no resource is returned
    /// unless the content is clean. This is the default for anything written to the store.
    /// </summary>
    Strict,

    /// <summary>
    /// Problems whose data the model still captures (unknown elements, wrong JSON types, bad
    /// primitive literals, empty objects...) are reported as warnings and the resource is
    /// returned; only problems that lose the structure (syntax errors, unknown resource type)
    /// stay errors.
    /// </summary>
    Lenient,
}
