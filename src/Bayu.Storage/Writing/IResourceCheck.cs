using Hl7.Fhir.Model;

namespace Bayu.Storage.Writing;

/// <summary>
/// The validation seam of the write path: called once per written resource, after parsing and
/// before anything is stored. Error or fatal issues reject the write with 422.
/// </summary>
public interface IResourceCheck
{
    OperationOutcome Check(Resource resource);
}
