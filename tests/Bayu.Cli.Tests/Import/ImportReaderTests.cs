using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Bayu.Cli.Import;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Tests.Import;

public sealed class ImportReaderTests : IDisposable
{
    private readonly string _folder = TestPaths.TempDirectory();

    [Fact]
    public void GivenASyntheaBz2Bundle_WhenRead_ThenOneTransactionUnitHoldsEveryEntryAsIs()
    {
        var file = ImportFiles.Resolve([Path.Combine(TestPaths.SyntheaFolder, "057aa36e-b892-9964-75b9-ffb46b097e34.json.bz2")]).Single();

        var unit = Assert.IsType<ImportUnit>(Assert.Single(new ImportReader(500).Read(file)));

        Assert.True(unit.IsTransaction);
        Assert.False(unit.IsReferenceData);
        Assert.Equal(1971, unit.Entries.Count);
        Assert.Equal(1277, unit.Entries.Count(e => e.ResourceType == "Observation"));
        Assert.Equal(file.Length, unit.SourceBytes);
        using var bundle = JsonDocument.Parse(unit.Bundle);
        Assert.Equal("transaction", bundle.RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public void GivenSyntheaHospitalInformation_WhenRead_ThenItIsReferenceDataThatRunsFirst()
    {
        var files = ImportFiles.Resolve([TestPaths.SyntheaFolder]);

        Assert.Equal(62, files.Count);
        Assert.StartsWith("0-hospitalInformation", Path.GetFileName(files[0].Path));
        var unit = Assert.IsType<ImportUnit>(Assert.Single(new ImportReader(500).Read(files[0])));
        Assert.True(unit.IsReferenceData);
        Assert.False(unit.IsTransaction);
    }

    [Fact]
    public void GivenGzippedNdjsonWithABadLine_WhenRead_ThenLinesAreBatchedAsPutsAndTheBadLineIsReported()
    {
        var path = Path.Combine(_folder, "patients.ndjson.gz");
        WriteGzip(path, string.Join('\n',
            """{"resourceType":"Patient","id":"a"}""",
            """{"resourceType":"Patient","id":"b"}""",
            "{not json",
            "",
            """{"resourceType":"Observation","status":"final","code":{"text":"x"}}"""));

        var items = new ImportReader(batchSize: 2).Read(ImportFiles.Resolve([path]).Single()).ToList();

        var units = items.OfType<ImportUnit>().ToList();
        Assert.Equal(2, units.Count);
        Assert.Equal(["PUT Patient/a", "PUT Patient/b"], units[0].Entries.Select(e => e.Label));
        Assert.Equal(["POST Observation"], units[1].Entries.Select(e => e.Label));
        var error = Assert.Single(items.OfType<ImportInputError>());
        Assert.EndsWith("line 3", error.Source);
        Assert.StartsWith("not valid JSON", error.Reason);
        using var bundle = JsonDocument.Parse(units[0].Bundle);
        var entry = bundle.RootElement.GetProperty("entry")[1];
        Assert.Equal("b", entry.GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("Patient/b", entry.GetProperty("request").GetProperty("url").GetString());
    }

    [Fact]
    public void GivenASingleResourceFile_WhenRead_ThenItBecomesABatchOfOne()
    {
        var path = Path.Combine(_folder, "org.json");
        File.WriteAllText(path, """{"resourceType":"Organization","id":"o1","name":"x"}""");

        var unit = Assert.IsType<ImportUnit>(Assert.Single(new ImportReader(10).Read(ImportFiles.Resolve([path]).Single())));

        Assert.Equal("PUT Organization/o1", Assert.Single(unit.Entries).Label);
        Assert.True(unit.IsReferenceData);
    }

    [Fact]
    public void GivenAFileThatIsNotJson_WhenRead_ThenAnInputErrorNamesTheFile()
    {
        var path = Path.Combine(_folder, "broken.json");
        File.WriteAllText(path, "<Bundle/>");

        var error = Assert.IsType<ImportInputError>(Assert.Single(new ImportReader(10).Read(ImportFiles.Resolve([path]).Single())));

        Assert.Equal(path, error.Source);
        Assert.StartsWith("not valid JSON", error.Reason);
    }

    [Fact]
    public void GivenAMissingPathOrAnUnsupportedFile_WhenResolved_ThenAUsageErrorExplains()
    {
        var missing = Assert.Throws<CliUsageException>(() => ImportFiles.Resolve([Path.Combine(_folder, "nope.json")]));
        Assert.Contains("no such file", missing.Message);
        var text = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(text, "x");
        Assert.Contains("unsupported file type", Assert.Throws<CliUsageException>(() => ImportFiles.Resolve([text])).Message);
        Assert.Contains("no .json", Assert.Throws<CliUsageException>(() => ImportFiles.Resolve([_folder])).Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void WriteGzip(string path, string text)
    {
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        gzip.Write(Encoding.UTF8.GetBytes(text));
    }
}
