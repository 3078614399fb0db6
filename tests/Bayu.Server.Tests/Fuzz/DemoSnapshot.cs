using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// The seeded demo region as "Type/id → versionId", taken before and after a run: every resource
/// must still be there, unchanged, unless the run made an accepted write to exactly that id.
/// </summary>
internal sealed record DemoSnapshot(IReadOnlyDictionary<string, string> Versions, string? Failure)
{
    public static async Task<DemoSnapshot> TakeAsync(FuzzOracle oracle)
    {
        var versions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var type in FuzzSeeds.DemoTypes)
        {
            string? next = $"/fhir/{type}?_count=500&_sort=_id";
            while (next is not null)
            {
                var (status, bundle) = await oracle.GetJsonAsync(next).ConfigureAwait(false);
                if (status != 200 || bundle is null)
                {
                    return new DemoSnapshot(versions, $"GET {next} answered {status}");
                }
                foreach (var resource in (bundle["entry"] as JsonArray ?? []).Select(e => e?["resource"]).OfType<JsonObject>())
                {
                    versions[$"{type}/{(string?)resource["id"]}"] = (string?)resource["meta"]?["versionId"] ?? "";
                }
                next = (bundle["link"] as JsonArray ?? []).FirstOrDefault(l => (string?)l?["relation"] == "next")?["url"] is JsonValue url
                    ? new Uri((string)url!).PathAndQuery
                    : null;
            }
        }
        return new DemoSnapshot(versions, null);
    }

    public FuzzSeeds.Ids Ids()
    {
        IReadOnlyList<string> Of(string type)
        {
            var ids = Versions.Keys.Where(k => k.StartsWith(type + "/", StringComparison.Ordinal)).Select(k => k[(type.Length + 1)..]).ToList();
            return ids.Count > 0 ? ids : ["missing-" + type.ToLowerInvariant()];
        }
        return new FuzzSeeds.Ids(Of("Patient"), Of("Organization"), Of("Practitioner"), Of("Location"));
    }

    /// <summary>What changed between two snapshots that no accepted write explains.</summary>
    public IEnumerable<string> UnexplainedChanges(DemoSnapshot after, IReadOnlySet<string> written)
    {
        if (after.Failure is not null)
        {
            yield return "after the run: " + after.Failure;
            yield break;
        }
        foreach (var (key, version) in Versions)
        {
            if (written.Contains(key))
            {
                continue;
            }
            if (!after.Versions.TryGetValue(key, out var now))
            {
                yield return $"{key} is gone";
            }
            else if (now != version)
            {
                yield return $"{key} changed from version {version} to {now}";
            }
        }
    }
}
