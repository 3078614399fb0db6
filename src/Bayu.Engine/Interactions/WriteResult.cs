using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>What a create, update, patch or delete did.</summary>
/// <param name="Stored">The stored version (JSON with meta set); null when a delete found nothing.</param>
/// <param name="Resource">The model of the stored version; null for deletions.</param>
public sealed record WriteResult(WriteKind Kind, StoredResource? Stored, Resource? Resource);

public enum WriteKind
{
    Created,
    Updated,
    /// <summary>A conditional create found an existing match; nothing was written.</summary>
    Existing,
    Deleted,
    /// <summary>A delete of something absent or already deleted (success, nothing written).</summary>
    NotFound,
}
