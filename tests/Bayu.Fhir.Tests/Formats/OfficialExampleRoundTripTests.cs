using System.Collections.Concurrent;
using Bayu.Fhir.Tests.TestData;

namespace Bayu.Fhir.Tests.Formats;

/// <summary>
/// Every resource of the official R4 examples package parses strictly and round-trips
/// JSON → model → JSON and JSON → XML → JSON identically after canonicalisation, except the
/// examples listed (with their reason) in <c>RoundTripExceptions.txt</c>.
/// </summary>
public sealed class OfficialExampleRoundTripTests
{
    [Fact]
    public void GivenEveryOfficialExample_WhenRoundTripped_ThenOnlyTheKnownExceptionsDiffer()
    {
        var files = ExamplePackage.Files;
        Assert.True(files.Count > 2000, $"expected the whole examples package, found {files.Count} files");

        var failures = new ConcurrentBag<(string File, string Kind, string Reason)>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = 2 }, path =>
        {
            foreach (var (kind, reason) in RoundTrip.Check(File.ReadAllBytes(path)))
            {
                failures.Add((Path.GetFileName(path), kind, reason));
            }
        });

        var known = KnownExceptions.Load();
        var actual = failures.Select(f => (f.File, f.Kind)).ToHashSet();
        var unexpected = failures.Where(f => !known.ContainsKey((f.File, f.Kind))).OrderBy(f => f.File, StringComparer.Ordinal).ToList();
        var fixedNow = known.Keys.Where(k => !actual.Contains(k)).Order().ToList();

        Assert.True(unexpected.Count == 0 && fixedNow.Count == 0,
            $"{files.Count} examples, {failures.Count} failures.\n" +
            $"Unexpected failures ({unexpected.Count}):\n" + string.Join("\n", unexpected.Select(f => $"{f.File}\t{f.Kind}\t{f.Reason}")) +
            $"\nListed exceptions that now pass ({fixedNow.Count}):\n" + string.Join("\n", fixedNow));
    }
}
