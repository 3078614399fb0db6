using Bayu.Storage.Indexing;

namespace Bayu.Storage.Store;

/// <summary>A new version to append: the version row plus the search index rows that replace the previous ones.</summary>
/// <param name="PreviousVersionId">0 when the resource did not exist before (not even deleted).</param>
/// <param name="CompartmentPatientId">The patient this resource belongs to, when any; the distribution key of large tables.</param>
public sealed record ResourceWrite(
    StoredResource Version,
    int PreviousVersionId,
    ResourceIndex Index,
    string? CompartmentPatientId);
