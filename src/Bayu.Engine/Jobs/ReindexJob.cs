using System.Text.Json;
using Bayu.Engine.Interactions;
using Bayu.Storage.Indexing;
using Bayu.Storage.Jobs;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Jobs;

/// <summary>
/// Rebuilds the search index rows of every current resource (or of the given types) from its stored
/// JSON, e.g. after the indexing rules changed. Walks type by type in id order, one transaction per
/// batch, and saves its place after each: killed mid-way, it resumes from the last batch committed.
/// A repeated batch is harmless (the same rows are written again) and the counts live in the
/// checkpoint, so a resumed run reports what an uninterrupted one would.
/// </summary>
public sealed class ReindexJob(IResourceStore store) : IJobHandler
{
    public const string JobKind = "reindex";

    public const int DefaultBatchSize = 500;

    public string Kind => JobKind;

    public async Task<string?> RunAsync(JobContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ct = context.CancellationToken;
        var parameters = Parse<ReindexParameters>(context.Parameters) ?? new ReindexParameters(null);
        var batchSize = parameters.BatchSize is > 0 ? parameters.BatchSize.Value : DefaultBatchSize;
        var counts = await store.CountByTypeAsync(ct).ConfigureAwait(false);
        var types = (parameters.Types is { Count: > 0 } given ? given : [.. counts.Keys]).Where(ModelInfo.IsKnownResource).Order(StringComparer.Ordinal).ToList();
        var total = types.Sum(t => counts.TryGetValue(t, out var n) ? n : 0);
        var place = Parse<ReindexCheckpoint>(context.Checkpoint) ?? new ReindexCheckpoint(0, null, 0, 0);
        for (var t = place.TypeIndex; t < types.Count; t++)
        {
            var afterId = t == place.TypeIndex ? place.AfterId : null;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var batch = await store.ScanCurrentAsync(types[t], afterId, batchSize, ct).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    break;
                }
                var unreadable = 0;
                await using (var session = await store.BeginAsync(ct).ConfigureAwait(false))
                {
                    foreach (var stored in batch)
                    {
                        if (FhirEngine.TryParseStored(stored) is { } resource)
                        {
                            await session.ReindexAsync(stored, IndexRowBuilder.Default.Build(resource), ct).ConfigureAwait(false);
                        }
                        else
                        {
                            unreadable++;
                        }
                    }
                    await session.CommitAsync(ct).ConfigureAwait(false);
                }
                afterId = batch[^1].Id;
                place = new ReindexCheckpoint(t, afterId, place.Reindexed + batch.Count - unreadable, place.Unreadable + unreadable);
                await context.ReportAsync(place.Reindexed + place.Unreadable, Math.Max(total, place.Reindexed + place.Unreadable), JsonSerializer.Serialize(place)).ConfigureAwait(false);
            }
            place = place with { TypeIndex = t + 1, AfterId = null };
        }
        return JsonSerializer.Serialize(new ReindexResult(place.Reindexed, place.Unreadable, types.Count));
    }

    private static T? Parse<T>(string? json) => string.IsNullOrWhiteSpace(json) ? default : JsonSerializer.Deserialize<T>(json);

    /// <param name="Types">Resource types to reindex; null or empty: every type in the store.</param>
    /// <param name="BatchSize">Resources per transaction and checkpoint (default 500).</param>
    public sealed record ReindexParameters(IReadOnlyList<string>? Types, int? BatchSize = null);

    private sealed record ReindexCheckpoint(int TypeIndex, string? AfterId, long Reindexed, long Unreadable);

    /// <param name="Unreadable">Stored versions that no longer parse (kept, but not indexed anew).</param>
    public sealed record ReindexResult(long Reindexed, long Unreadable, int Types);
}
