namespace Bayu.Server.Tests.Fuzz;

/// <summary>The harness itself: a seed replays the same requests, every input kind is drawn, and the corpus format keeps bytes exact.</summary>
public sealed class FuzzHarnessTests
{
    private static readonly FuzzSeeds.Ids Ids = new(["p1", "p2"], ["o1"], ["pr1"], ["l1"]);

    [Fact]
    public void GivenTheSameSeed_WhenCasesAreDrawnTwice_ThenTheRequestsAreIdenticalAndEveryKindIsThere()
    {
        var generator = FuzzGenerators.All(Ids);

        var first = FuzzGenerators.Cases(generator, 25, 400).ToList();
        var second = FuzzGenerators.Cases(generator, 25, 400).ToList();
        var other = FuzzGenerators.Cases(generator, 26, 400).ToList();

        Assert.Equal(first.Select(Fingerprint), second.Select(Fingerprint));
        Assert.NotEqual(first.Select(Fingerprint), other.Select(Fingerprint));
        Assert.Equal(["bundle", "headers", "http", "json", "path", "search", "xml"], first.Select(r => r.Kind).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(first, r => r.TransactionMarker is not null);
        Assert.Contains(first, r => r.Raw is not null && r.KestrelAnswers);
    }

    [Fact]
    public void GivenABinaryOrHugeBody_WhenWrittenToTheCorpusAndLoaded_ThenTheBytesAreTheSame()
    {
        byte[] binary = [0xEF, 0xBB, 0xBF, (byte)'{', 0xFF, 0x00, (byte)'}'];
        var huge = System.Text.Encoding.UTF8.GetBytes("<Patient xmlns=\"http://hl7.org/fhir\">" + string.Concat(Enumerable.Repeat("<a>", 100_000)) + "</Patient>");
        var directory = Path.Combine(Path.GetTempPath(), "bayu-corpus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var (name, body) in new[] { ("binary", binary), ("huge", huge) })
            {
                var request = new FuzzRequest { Kind = "json", Class = "json/test", Method = "POST", Path = "/fhir/Patient", Headers = [new("Content-Type", "application/fhir+json")], Body = body, TransactionMarker = "m1" };
                File.WriteAllText(Path.Combine(directory, name + ".json"), FuzzCorpus.Serialize(request, "test", "round trip"));

                var loaded = FuzzCorpus.Load(Path.Combine(directory, name + ".json"));

                Assert.Equal(body, loaded.Body);
                Assert.Equal("m1", loaded.TransactionMarker);
                Assert.Equal(request.Headers, loaded.Headers);
            }
            Assert.True(new FileInfo(Path.Combine(directory, "huge.json")).Length < huge.Length / 20, "a huge repetitive body is stored compressed");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Fingerprint(FuzzRequest r) =>
        $"{r.Class} {r.Method} {r.Path} {string.Join(",", r.Headers)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(r.Raw ?? r.Body ?? []))}";
}
