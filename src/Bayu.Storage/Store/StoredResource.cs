namespace Bayu.Storage.Store;

/// <summary>One stored version of a resource, as the store keeps it (JSON with <c>meta</c> already set).</summary>
/// <param name="Json">The resource JSON; <c>null</c> for a deletion marker.</param>
public sealed record StoredResource(
    string ResourceType,
    string Id,
    int VersionId,
    DateTimeOffset LastUpdated,
    bool Deleted,
    string? Json,
    StoredMethod Method);

/// <summary>The interaction that produced a version (kept for history bundles).</summary>
public enum StoredMethod
{
    Create = 0,
    Update = 1,
    Delete = 2,
    Patch = 3,
}
