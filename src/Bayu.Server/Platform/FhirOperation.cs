namespace Bayu.Server.Platform;

/// <summary>
/// A FHIR operation a module serves (<c>$name</c>), as the CapabilityStatement lists it.
/// </summary>
/// <param name="Name">Without the <c>$</c>.</param>
/// <param name="Definition">The canonical URL of its OperationDefinition.</param>
/// <param name="ResourceTypes">Where it is invoked: empty for the system level (<c>[base]/$name</c>), else on these types.</param>
public sealed record FhirOperation(string Name, string Definition, IReadOnlyList<string> ResourceTypes, string? Documentation = null)
{
    public bool IsSystemLevel => ResourceTypes.Count == 0;
}
