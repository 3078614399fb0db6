using Hl7.Fhir.Model;

namespace Bayu.Fhir.FhirPath;

/// <summary>The environment of one FHIRPath evaluation.</summary>
/// <remarks>
/// When <see cref="Resource"/> and <see cref="RootResource"/> are not given, the engine uses the
/// input itself when it is a resource, as the FHIRPath specification asks for invariants and
/// search parameters.
/// </remarks>
public sealed class FhirPathContext
{
    /// <summary>
    /// Strict evaluation (FHIRPath 2.0 "Type safety and strict evaluation"): before running, the
    /// expression is checked against the model for the input's type, and a path that cannot
    /// select anything is an error instead of an empty result. Off by default: FHIR's own
    /// search parameters rely on non-strict evaluation (e.g. <c>Patient.name | Practitioner.name</c>).
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>The value of <c>%resource</c>: the resource that contains the input.</summary>
    public Resource? Resource { get; init; }

    /// <summary>The value of <c>%rootResource</c>: the container of a contained resource, or the resource itself.</summary>
    public Resource? RootResource { get; init; }

    /// <summary>Extra environment variables, referenced as <c>%name</c> (name without the percent sign).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Base>> Variables { get; init; } = new Dictionary<string, IReadOnlyList<Base>>();

    /// <summary>
    /// Resolves a reference that is neither a contained resource nor a Bundle entry (those are
    /// resolved by the engine); typically backed by the resource store. Returns null when unknown.
    /// </summary>
    public Func<string, Base?>? Resolver { get; init; }

    /// <summary>A context carrying only string variables, as the command line passes them.</summary>
    public static FhirPathContext WithVariables(IEnumerable<KeyValuePair<string, string>> variables) => new()
    {
        Variables = variables.ToDictionary(v => v.Key, v => (IReadOnlyList<Base>)[new FhirString(v.Value)], StringComparer.Ordinal),
    };
}
