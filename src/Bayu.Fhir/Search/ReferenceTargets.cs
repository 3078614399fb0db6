using Hl7.Fhir.Model;

namespace Bayu.Fhir.Search;

/// <summary>
/// What a reference points at, as far as indexing can tell without fetching the target: the
/// resource type written in the reference, or the contained resource it names.
/// </summary>
internal static class ReferenceTargets
{
    /// <summary>The resource type named by a relative or absolute literal reference (<c>Patient/1</c>, <c>http://x/fhir/Patient/1/_history/2</c>); null otherwise.</summary>
    public static string? TypeOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference[0] == '#')
        {
            return null;
        }
        var segments = reference.Split('/');
        var typeIndex = segments.Length >= 4 && segments[^2] == "_history" ? segments.Length - 4 : segments.Length - 2;
        return typeIndex >= 0 && ModelInfo.IsKnownResource(segments[typeIndex]) ? segments[typeIndex] : null;
    }

    /// <summary>
    /// A resolver for the SDK's <c>resolve()</c> that answers with an empty instance of the type a
    /// reference names, so that <c>where(resolve() is Patient)</c> in search-parameter expressions
    /// filters by target type, as the FHIR search specification intends, without a store.
    /// </summary>
    public static Base? StubFor(string reference)
    {
        var type = TypeOf(reference);
        return type is null || ModelInfo.GetTypeForFhirType(type) is not { } clrType ? null : Activator.CreateInstance(clrType) as Base;
    }
}
