using Bayu.Storage.Indexing;
using Bayu.Storage.Store;

namespace Bayu.Storage.Tests.Infrastructure;

/// <summary>Resource versions as the engine would write them, minus FHIR: the store never parses the JSON.</summary>
public static class Writes
{
    public static string NewId(string prefix = "r") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static ResourceWrite Version(string type, string id, int version, bool deleted = false) => new(
        new StoredResource(type, id, version, DateTimeOffset.UtcNow, deleted,
            deleted ? null : $$$"""{"resourceType":"{{{type}}}","id":"{{{id}}}","meta":{"versionId":"{{{version}}}"}}""",
            deleted ? StoredMethod.Delete : version == 1 ? StoredMethod.Create : StoredMethod.Update),
        version - 1,
        ResourceIndex.Empty,
        null);

    /// <summary>Writes versions 1..<paramref name="versions"/> of a resource, each in its own committed session.</summary>
    public static async Task CommitVersionsAsync(IResourceStore store, string type, string id, int versions, int from = 1)
    {
        for (var v = from; v < from + versions; v++)
        {
            await using var session = await store.BeginAsync();
            await session.WriteAsync(Version(type, id, v));
            await session.CommitAsync();
        }
    }
}
