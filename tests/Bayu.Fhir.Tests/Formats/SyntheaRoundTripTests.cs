using Bayu.Fhir.Tests.TestData;

namespace Bayu.Fhir.Tests.Formats;

public sealed class SyntheaRoundTripTests
{
    public static TheoryData<string> Bundles() => [.. SyntheaBundles.Files.Select(f => Path.GetFileName(f))];

    [Fact]
    public void GivenTheSyntheaFolder_WhenListed_ThenAllBundlesArePresent() =>
        Assert.Equal(62, SyntheaBundles.Files.Count);

    [Theory]
    [MemberData(nameof(Bundles))]
    public void GivenASyntheaBundle_WhenRoundTrippedThroughJsonAndXml_ThenItIsCanonicallyIdentical(string fileName)
    {
        var json = SyntheaBundles.ReadBytes(Path.Combine(SyntheaBundles.Directory, fileName));

        var failures = RoundTrip.Check(json).ToList();

        Assert.True(failures.Count == 0, string.Join("\n", failures.Select(f => $"{f.Kind}: {f.Reason}")));
    }
}
