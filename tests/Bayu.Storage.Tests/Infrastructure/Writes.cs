using Bayu.Fhir.Formats;
using Bayu.Storage.Indexing;
using Bayu.Storage.Store;
using Meta = Hl7.Fhir.Model.Meta;

namespace Bayu.Storage.Tests.Infrastructure;

/// <summary>Resource versions as the engine would write them: bare rows, or FHIR resources with their index rows.</summary>
public static class Writes
{
    public static string NewId(string prefix = "r") => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A version without index rows: the store never parses the JSON, so a stub body will do.</summary>
    public static ResourceWrite Version(string type, string id, int version, bool deleted = false) => new(
        new StoredResource(type, id, version, DateTimeOffset.UtcNow, deleted,
            deleted ? null : $$$"""{"resourceType":"{{{type}}}","id":"{{{id}}}","meta":{"versionId":"{{{version}}}"}}""",
            deleted ? StoredMethod.Delete : version == 1 ? StoredMethod.Create : StoredMethod.Update),
        version - 1,
        ResourceIndex.Empty,
        null);

    /// <summary>
    /// A FHIR resource prepared as the engine prepares it (FhirEngine.PrepareVersion, minus the
    /// pipeline): id and meta set, serialised once, index rows from <see cref="IndexRowBuilder"/>.
    /// Built here rather than through Bayu.Engine so the store's tests depend on the store alone.
    /// </summary>
    public static ResourceWrite Resource(string json, string? id = null, int version = 1)
    {
        var parsed = FhirFormats.Parse(json, FhirFormat.Json);
        Assert.True(parsed.IsSuccess, string.Join("; ", parsed.Outcome.Issue.Select(i => i.Diagnostics)));
        var resource = parsed.Resource!;
        resource.Id = id ?? resource.Id ?? NewId(resource.TypeName.ToLowerInvariant());
        resource.Meta ??= new Meta();
        var lastUpdated = DateTimeOffset.UtcNow;
        lastUpdated = new DateTimeOffset(lastUpdated.UtcTicks - (lastUpdated.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        resource.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = lastUpdated;
        var stored = new StoredResource(resource.TypeName, resource.Id, version, lastUpdated, false,
            FhirFormats.SerializeToString(resource, FhirFormat.Json), version == 1 ? StoredMethod.Create : StoredMethod.Update);
        return new ResourceWrite(stored, version - 1, IndexRowBuilder.Default.Build(resource), null);
    }

    /// <summary>Commits the writes in one session and returns their ids.</summary>
    public static async Task<IReadOnlyList<string>> CommitAsync(IResourceStore store, params IEnumerable<ResourceWrite> writes)
    {
        await using var session = await store.BeginAsync();
        var ids = new List<string>();
        foreach (var write in writes)
        {
            await session.WriteAsync(write);
            ids.Add(write.Version.Id);
        }
        await session.CommitAsync();
        return ids;
    }

    /// <summary>Creates one resource from its JSON and returns its id.</summary>
    public static async Task<string> CreateAsync(IResourceStore store, string json) => (await CommitAsync(store, Resource(json)))[0];

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
