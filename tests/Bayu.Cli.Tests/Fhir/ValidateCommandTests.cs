using System.Text.Json;
using Bayu.Cli.Fhir;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Tests.Infrastructure;

namespace Bayu.Cli.Tests.Fhir;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Narrative = "\"text\":{\"status\":\"generated\",\"div\":\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">x</div>\"}";
    private const string CnPatient = "http://bayu.health/fhir/StructureDefinition/cn-patient";

    private readonly CliTestHost _cli = new(FhirCommands.Build(), "fhir", "validate");

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string content) => _cli.Write(name, content);

    private (int Exit, string Out, string Err) Run(params string[] args) => _cli.Run(args);

    private static string Patient(string residentId, string gender) =>
        "{\"resourceType\":\"Patient\"," + Narrative + ",\"identifier\":[{\"system\":\"http://bayu.health/fhir/sid/cn-resident-id\",\"value\":\"" + residentId + "\"}]," +
        "\"name\":[{\"text\":\"王芳\"}],\"gender\":\"" + gender + "\",\"birthDate\":\"1949-12-31\"}";

    [Fact]
    public void GivenValidResource_WhenValidated_ThenExitOkAndOutcomeWithoutErrors()
    {
        var (exit, output, err) = Run(Write("ok.json", Patient("11010519491231002X", "female")));
        Assert.Equal(CliRunner.Ok, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("OperationOutcome", json.RootElement.GetProperty("resourceType").GetString());
        Assert.DoesNotContain(json.RootElement.GetProperty("issue").EnumerateArray(), i => i.GetProperty("severity").GetString() == "error");
        Assert.Contains("0 error(s)", err, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenBadCheckCharacterAndProfileMinimum_WhenValidatedWithProfile_ThenExitProblemsWithEachIssue()
    {
        var bad = Write("bad.json", Patient("110105194912310021", "female").Replace(",\"birthDate\":\"1949-12-31\"", "", StringComparison.Ordinal));
        var (exit, output, _) = Run(bad, "--profile", CnPatient);
        Assert.Equal(CliRunner.Problems, exit);
        using var json = JsonDocument.Parse(output);
        var expressions = json.RootElement.GetProperty("issue").EnumerateArray()
            .Where(i => i.GetProperty("severity").GetString() == "error")
            .Select(i => i.GetProperty("expression")[0].GetString()!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Patient.birthDate", "Patient.identifier[0].value"], expressions);
    }

    [Fact]
    public void GivenSeveralFiles_WhenValidated_ThenBundleWithOneOutcomePerFile()
    {
        var (exit, output, _) = Run(Write("a.json", Patient("11010519491231002X", "female")), Write("b.json", Patient("11010519491231002X", "male")));
        Assert.Equal(CliRunner.Problems, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetProperty("entry").GetArrayLength());
    }

    [Fact]
    public void GivenUnknownProfileOrMissingFile_WhenValidated_ThenUsageError()
    {
        var file = Write("ok.json", Patient("11010519491231002X", "female"));
        var (exit, _, err) = Run(file, "--profile", "http://example.org/nope");
        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("unknown profile", err, StringComparison.Ordinal);
        Assert.Equal(CliRunner.BadInput, Run(_cli.PathOf("missing.json")).Exit);
    }
}
