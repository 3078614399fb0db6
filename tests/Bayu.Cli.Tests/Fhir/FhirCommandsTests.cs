using System.Text.Json;
using Bayu.Cli.Fhir;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Tests.Infrastructure;

namespace Bayu.Cli.Tests.Fhir;

public sealed class FhirCommandsTests : IDisposable
{
    private const string ValidPatientJson = """{"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"王","given":["小明"]}]}""";
    private const string ValidPatientXml = """<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="true"/><name><family value="王"/><given value="小明"/></name></Patient>""";

    private readonly CliTestHost _cli = new(FhirCommands.Build(), "fhir");

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string content) => _cli.Write(name, content);

    private (int Exit, string Out, string Err) Run(params string[] args) => _cli.Run(args);

    [Fact]
    public void GivenJson_WhenConvertedToXml_ThenTheXmlParsesBackToTheSameResource()
    {
        var source = Write("patient.json", ValidPatientJson);

        var (exit, output, _) = Run("convert", source, "--to", "xml");

        Assert.Equal(CliRunner.Ok, exit);
        Assert.Contains("<family value=\"王\" />", output, StringComparison.Ordinal);
        var back = Run("convert", Write("back.xml", output), "--to", "json");
        Assert.Equal(ValidPatientJson, back.Out.Trim());
    }

    [Fact]
    public void GivenXmlWithAJsonExtension_WhenConverted_ThenTheFormatIsDetectedFromContent()
    {
        var source = Write("actually-xml.json", ValidPatientXml);
        var target = _cli.PathOf("out.json");

        var (exit, output, _) = Run("convert", source, "--to", "json", "--out", target, "--pretty");

        Assert.Equal(CliRunner.Ok, exit);
        Assert.Equal("", output);
        var written = File.ReadAllText(target);
        Assert.Contains("\n  \"id\": \"p1\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnInvalidResource_WhenConverted_ThenNothingIsWrittenAndEveryProblemIsListed()
    {
        var source = Write("bad.json", """{"resourceType":"Patient","foo":1,"birthDate":"2020-13-01"}""");
        var target = _cli.PathOf("out.xml");

        var (exit, output, error) = Run("convert", source, "--to", "xml", "--out", target);

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Equal("", output);
        Assert.False(File.Exists(target));
        Assert.Contains("bad.json:1:", error, StringComparison.Ordinal);
        Assert.Contains("error Patient.foo: Found unknown element 'foo'.", error, StringComparison.Ordinal);
        Assert.Contains("error Patient.birthDate: string '2020-13-01' is not a correct literal for a date.", error, StringComparison.Ordinal);
        Assert.Contains("error: bad.json is not valid FHIR (2 problem(s) above); nothing converted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenARecoverableProblem_WhenConvertedLeniently_ThenItConvertsWithAWarning()
    {
        var source = Write("lenient.json", """{"resourceType":"Patient","id":"p1","foo":1}""");

        var strict = Run("convert", source, "--to", "xml");
        var lenient = Run("convert", source, "--to", "xml", "--lenient");

        Assert.Equal(CliRunner.BadInput, strict.Exit);
        Assert.Equal(CliRunner.Ok, lenient.Exit);
        Assert.Contains("warning Patient.foo", lenient.Err, StringComparison.Ordinal);
        Assert.Contains("<id value=\"p1\" />", lenient.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--to", "yaml")]
    [InlineData("--out")]
    public void GivenBadOptions_WhenConverting_ThenItExitsWithBadInput(params string[] options)
    {
        var source = Write("patient.json", ValidPatientJson);

        var (exit, _, error) = Run(["convert", source, .. options]);

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAMissingFileOrNonFhirContent_WhenConverting_ThenItExitsWithBadInput()
    {
        var missing = Run("convert", _cli.PathOf("nope.json"), "--to", "xml");
        var csv = Run("convert", Write("data.csv", "a,b,c\n1,2,3\n"), "--to", "xml");

        Assert.Equal(CliRunner.BadInput, missing.Exit);
        Assert.Contains("file not found", missing.Err, StringComparison.Ordinal);
        Assert.Equal(CliRunner.BadInput, csv.Exit);
        Assert.Equal("error: data.csv is neither FHIR JSON nor FHIR XML" + Environment.NewLine, csv.Err);
    }

    [Fact]
    public void GivenACleanFile_WhenChecked_ThenItExitsZeroWithAnInformationalOutcome()
    {
        var (exit, output, error) = Run("check", Write("patient.xml", ValidPatientXml));

        Assert.Equal(CliRunner.Ok, exit);
        using var outcome = JsonDocument.Parse(output);
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        var issue = Assert.Single(outcome.RootElement.GetProperty("issue").EnumerateArray());
        Assert.Equal("information", issue.GetProperty("severity").GetString());
        Assert.Contains("patient.xml: 0 error(s), 0 warning(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAFileWithProblems_WhenChecked_ThenEveryProblemIsInTheOutcomeWithItsLocationAndTheExitCodeIsOne()
    {
        var source = Write("bad.json", """{"resourceType":"Patient","foo":1,"telecom":[],"name":{"family":"x"}}""");

        var (exit, output, _) = Run("check", source);

        Assert.Equal(CliRunner.Problems, exit);
        using var outcome = JsonDocument.Parse(output);
        var issues = outcome.RootElement.GetProperty("issue").EnumerateArray()
            .Select(i => (Severity: i.GetProperty("severity").GetString(), Location: i.GetProperty("expression")[0].GetString()))
            .OrderBy(i => i.Location, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([("error", "Patient.foo"), ("error", "Patient.name"), ("error", "Patient.telecom")], issues);
    }

    [Fact]
    public void GivenSeveralFiles_WhenChecked_ThenTheOutputIsABundleWithOneOutcomePerFile()
    {
        var good = Write("good.json", ValidPatientJson);
        var bad = Write("bad.xml", "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"p1\">");
        var notFhir = Write("notes.txt", "hello");

        var (exit, output, error) = Run("check", good, bad, notFhir);

        Assert.Equal(CliRunner.Problems, exit);
        using var bundle = JsonDocument.Parse(output);
        Assert.Equal("collection", bundle.RootElement.GetProperty("type").GetString());
        var entries = bundle.RootElement.GetProperty("entry").EnumerateArray().ToList();
        Assert.Equal(3, entries.Count);
        Assert.EndsWith("/good.json", entries[0].GetProperty("fullUrl").GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["information", "fatal", "fatal"],
            entries.Select(e => e.GetProperty("resource").GetProperty("issue")[0].GetProperty("severity").GetString()));
        Assert.Contains("bad.xml: 1 error(s), 0 warning(s)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLenient_WhenChecked_ThenRecoverableProblemsAreWarningsAndTheExitCodeIsZero()
    {
        var source = Write("lenient.json", """{"resourceType":"Patient","id":"p1","foo":1}""");

        var (exit, output, _) = Run("check", source, "--lenient");

        Assert.Equal(CliRunner.Ok, exit);
        Assert.Contains("\"severity\": \"warning\"", output, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNoFiles_WhenChecking_ThenItExitsWithBadInput() =>
        Assert.Equal(CliRunner.BadInput, Run("check").Exit);
}
