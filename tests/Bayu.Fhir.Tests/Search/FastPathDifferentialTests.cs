using System.Collections.Concurrent;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Search;
using Bayu.Fhir.Tests.TestData;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Xunit.Abstractions;

namespace Bayu.Fhir.Tests.Search;

/// <summary>
/// The fast path must return exactly what the SDK's engine returns (the same model elements, in
/// the same order) for every R4 search-parameter expression over every official example and
/// every Synthea resource.
/// </summary>
public class FastPathDifferentialTests(ITestOutputHelper output)
{
    private static readonly SearchValueExtractor s_extractor = SearchValueExtractor.Default;

    [Fact]
    public void GivenTheR4SearchParameters_WhenCompiled_ThenAlmostAllRunOnTheFastPath()
    {
        var expressions = DefinitionRegistry.Default.SearchParameters.All
            .Select(p => p.Expression).OfType<string>().Distinct().ToList();
        var slow = expressions.Where(e => !s_extractor.IsFastPath(e)).ToList();
        output.WriteLine($"{expressions.Count - slow.Count} of {expressions.Count} expressions on the fast path; on the SDK's engine:");
        slow.ForEach(output.WriteLine);

        Assert.True(slow.Count <= expressions.Count / 50, $"{slow.Count} expressions fall back: {string.Join(" ; ", slow.Take(10))}");
    }

    [Fact]
    public void GivenTheSyntheaResources_WhenEveryParameterIsExtracted_ThenTheFastPathMatchesTheEngine()
    {
        var resources = SyntheaBundles.Files
            .SelectMany(f => ((Bundle)FhirJsonDeserializer.RECOVERABLE.DeserializeResource(System.Text.Encoding.UTF8.GetString(SyntheaBundles.ReadBytes(f)))).Entry)
            .Select(e => e.Resource)
            .OfType<Resource>()
            .ToList();
        // All 41,542 resources take minutes through the SDK's engine on a shared two-core machine:
        // by default every type is covered by its first resources (see Sample).
        AssertSameAsEngine(Sample(resources, perType: 80));
    }

    [Fact]
    public void GivenEveryOfficialExample_WhenEveryParameterIsExtracted_ThenTheFastPathMatchesTheEngine()
    {
        var resources = new ConcurrentBag<Resource>();
        Parallel.ForEach(ExamplePackage.Files, file =>
        {
            try
            {
                resources.Add(FhirJsonDeserializer.RECOVERABLE.DeserializeResource(File.ReadAllText(file)));
            }
            catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
            {
                resources.Add(partial);
            }
        });
        // Bundles' entries are indexed as resources of their own, as a transaction would store them.
        var all = resources.Concat(resources.OfType<Bundle>().SelectMany(b => b.Entry).Select(e => e.Resource).OfType<Resource>());

        AssertSameAsEngine(Sample(all.OrderBy(r => r.TypeName + "/" + r.Id, StringComparer.Ordinal), perType: 25));
    }

    /// <summary>
    /// The first <paramref name="perType"/> resources of each type, or all of them when
    /// BAYU_FULL_DIFFERENTIAL=1 (minutes on this machine; run it after changing the fast path).
    /// </summary>
    private static List<Resource> Sample(IEnumerable<Resource> resources, int perType) =>
        Environment.GetEnvironmentVariable("BAYU_FULL_DIFFERENTIAL") == "1"
            ? [.. resources]
            : [.. resources.GroupBy(r => r.TypeName).SelectMany(g => g.Take(perType))];

    private void AssertSameAsEngine(IReadOnlyList<Resource> resources)
    {
        var mismatches = new ConcurrentQueue<string>();
        long comparisons = 0;
        long engineErrors = 0;
        Parallel.ForEach(resources, resource =>
        {
            foreach (var parameter in DefinitionRegistry.Default.SearchParameters.For(resource.TypeName).Values)
            {
                if (parameter.Expression is not { } expression || !s_extractor.IsFastPath(expression))
                {
                    continue;
                }
                var fast = Run(() => s_extractor.Extract(resource, expression));
                var engine = Run(() => s_extractor.ExtractWithFhirPathEngine(resource, expression));
                Interlocked.Increment(ref comparisons);
                if (engine.Error is not null)
                {
                    // Invalid data the recoverable parser kept (the decimal example holds a string
                    // where a decimal belongs) makes the SDK's engine throw; the fast path does not
                    // read primitive values, so it has nothing to be compared against here.
                    Interlocked.Increment(ref engineErrors);
                    continue;
                }
                if (fast.Error is not null)
                {
                    mismatches.Enqueue($"{resource.TypeName}/{resource.Id} {parameter.Code} [{expression}]: fast path failed: {fast.Error.Message}");
                    continue;
                }
                if (fast.Values.Count != engine.Values.Count || fast.Values.Where((f, i) => !ReferenceEquals(f, engine.Values[i])).Any())
                {
                    mismatches.Enqueue($"{resource.TypeName}/{resource.Id} {parameter.Code} [{expression}]: fast {Describe(fast.Values)} engine {Describe(engine.Values)}");
                }
            }
        });
        output.WriteLine($"{resources.Count} resources, {comparisons} comparisons, {mismatches.Count} mismatches, {engineErrors} skipped where the SDK's engine threw");

        Assert.True(comparisons > resources.Count, "too few comparisons: the corpus did not load");
        Assert.True(mismatches.IsEmpty, string.Join("\n", mismatches.Take(25)));
    }

    private static (IReadOnlyList<Base> Values, Exception? Error) Run(Func<IReadOnlyList<Base>> extract)
    {
        try
        {
            return (extract(), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ([], e);
        }
    }

    private static string Describe(IReadOnlyList<Base> values) => "[" + string.Join(", ", values.Select(v => v.TypeName + ":" + v)) + "]";
}
