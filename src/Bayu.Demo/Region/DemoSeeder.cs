using Bayu.Engine.Context;
using Bayu.Engine.Interactions;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Demo.Region;

/// <summary>Writes the demo region into a store through the write path, in transactions of a few hundred resources.</summary>
public static class DemoSeeder
{
    /// <summary>Resources per transaction: large enough to amortise the commit, small enough to keep memory flat.</summary>
    public const int TransactionSize = 500;

    /// <summary>True when the store holds no current resource at all (the first start).</summary>
    public static async Task<bool> IsEmptyAsync(IResourceStore store, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var counts = await store.CountByTypeAsync(ct).ConfigureAwait(false);
        return counts.Values.All(c => c == 0);
    }

    /// <summary>Writes every generated resource under its own id (PUT), so seeding twice changes versions, not identities.</summary>
    /// <returns>The number of resources written.</returns>
    public static async Task<int> SeedAsync(FhirEngine engine, DemoRegionGenerator generator, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var context = RequestContext.System("demo-seeder");
        ArgumentNullException.ThrowIfNull(generator);
        var written = 0;
        foreach (var chunk in generator.Generate().Chunk(TransactionSize))
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
            foreach (var resource in chunk)
            {
                bundle.Entry.Add(new Bundle.EntryComponent
                {
                    FullUrl = $"urn:bayu:demo:{resource.TypeName}/{resource.Id}",
                    Resource = resource,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = $"{resource.TypeName}/{resource.Id}" },
                });
            }
            await engine.ProcessBundleAsync(context, bundle, ct).ConfigureAwait(false);
            written += chunk.Length;
            progress?.Report(written);
        }
        return written;
    }
}
