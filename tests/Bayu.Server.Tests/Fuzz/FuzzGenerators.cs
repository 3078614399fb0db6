using FsCheck;
using FsCheck.Fluent;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>Every input kind in one generator, weighted towards what finds the most (bodies and searches).</summary>
internal static class FuzzGenerators
{
    public static Gen<FuzzRequest> All(FuzzSeeds.Ids ids) => Gen.Frequency(
        (22, BodyGenerators.Json(ids)),
        (18, BodyGenerators.Xml(ids)),
        (24, SearchGenerators.Search(ids)),
        (10, DoorGenerators.Headers(ids)),
        (10, DoorGenerators.Paths(ids)),
        (11, BundleGenerators.Bundles(ids)),
        (5, DoorGenerators.Http()));

    /// <summary>
    /// The run's cases, drawn lazily in fixed-size chunks, each from its own seed: the same seed gives
    /// the same requests whatever the case count, and memory holds one chunk of bodies at a time.
    /// </summary>
    public static IEnumerable<FuzzRequest> Cases(Gen<FuzzRequest> generator, ulong seed, int count)
    {
        const int chunk = 50;
        for (var start = 0; start < count; start += chunk)
        {
            var rnd = new Rnd(seed * 1_000_003UL + (ulong)(start / chunk));
            foreach (var request in generator.Sample(50, rnd, Math.Min(chunk, count - start)))
            {
                yield return request;
            }
        }
    }
}
