using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>
/// Turns the resource of a bundle PATCH entry (per the spec, a Binary holding a JSON Patch, or a
/// Parameters holding a FHIRPath Patch) into the function that patches the stored JSON. The server
/// supplies the formats it supports; without a patcher, PATCH entries are refused.
/// </summary>
public interface IEntryPatcher
{
    /// <exception cref="FhirError">The entry's resource is not a patch this server applies.</exception>
    Func<string, Resource> Prepare(Resource entryResource);
}
