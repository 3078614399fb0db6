using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Definitions;

/// <summary>Membership rules of the Patient compartment (which parameters link a resource to its patient).</summary>
public sealed class PatientCompartment
{
    private readonly FrozenDictionary<string, string[]> _params;

    public PatientCompartment(CompartmentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        _params = definition.Resource
            .Where(r => r.Code is not null)
            .ToFrozenDictionary(r => r.Code!.Value.ToString(), r => r.Param.OfType<string>().ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The search parameters whose reference points to the patient; empty when the type can never
    /// be in a patient compartment. <c>{def}</c> (the Patient resource itself) is reported as such.
    /// </summary>
    public IReadOnlyList<string> ParametersFor(string resourceType) =>
        _params.TryGetValue(resourceType, out var p) ? p : [];

    public bool CanContain(string resourceType) => ParametersFor(resourceType).Count > 0;
}
