using System.Text.Json;
using Bayu.Cli.FhirPath;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Tests.Infrastructure;

namespace Bayu.Cli.Tests.FhirPath;

public sealed class FhirPathCommandsTests : IDisposable
{
    private const string PatientJson = """{"resourceType":"Patient","id":"p1","active":true,"birthDate":"1980-02-03","name":[{"use":"official","family":"王","given":["小明","Ming"]}]}""";
    private const string PatientXml = """<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="true"/><name><family value="王"/><given value="小明"/></name></Patient>""";

    private readonly CliTestHost _cli = new(FhirPathCommands.Build(), "fhirpath");

    public void Dispose() => _cli.Dispose();

    private string Write(string name, string content) => _cli.Write(name, content);

    private (int Exit, string Out, string Err) Run(params string[] args) => _cli.Run(args);

    [Fact]
    public void GivenAJsonPatient_WhenGivenNamesAreSelected_ThenTheyPrintAsTypedValues()
    {
        var (exit, output, _) = Run("Patient.name.given", Write("p.json", PatientJson));

        Assert.Equal(CliRunner.Ok, exit);
        var items = JsonDocument.Parse(output).RootElement.EnumerateArray().ToList();
        Assert.Equal(["小明", "Ming"], items.Select(i => i.GetProperty("value").GetString()));
        Assert.All(items, i => Assert.Equal("string", i.GetProperty("type").GetString()));
    }

    [Fact]
    public void GivenAnXmlPatient_WhenABooleanExpressionIsEvaluated_ThenAJsonBooleanIsPrinted()
    {
        var (exit, output, _) = Run("active and name.family = '王'", Write("p.xml", PatientXml));

        Assert.Equal(CliRunner.Ok, exit);
        var item = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray().ToList());
        Assert.True(item.GetProperty("value").GetBoolean());
    }

    [Fact]
    public void GivenAComplexResult_WhenPrinted_ThenItsValueIsItsFhirJson()
    {
        var (_, output, _) = Run("Patient.name", Write("p.json", PatientJson));

        var item = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray().ToList());
        Assert.Equal("HumanName", item.GetProperty("type").GetString());
        Assert.Equal("王", item.GetProperty("value").GetProperty("family").GetString());
    }

    [Fact]
    public void GivenAMisspelledElement_WhenEvaluatedStrictly_ThenAnErrorNamesItButLenientlyTheResultIsEmpty()
    {
        var file = Write("p.json", PatientJson);

        var (lenientExit, lenientOutput, _) = Run("Patient.nmae.given", file);
        Assert.Equal(CliRunner.Ok, lenientExit);
        Assert.Empty(JsonDocument.Parse(lenientOutput).RootElement.EnumerateArray());

        var (strictExit, _, error) = Run("Patient.nmae.given", file, "--strict");
        Assert.Equal(CliRunner.Problems, strictExit);
        Assert.Contains("nmae", error, StringComparison.Ordinal);
        Assert.Equal(CliRunner.Ok, Run("Patient.name.given", file, "--strict").Exit);
    }

    [Fact]
    public void GivenAVariable_WhenReferenced_ThenItsValueIsUsed()
    {
        var (exit, output, _) = Run("name.where(family = %family).given.first()", Write("p.json", PatientJson), "--var", "family=王");

        Assert.Equal(CliRunner.Ok, exit);
        Assert.Equal("小明", JsonDocument.Parse(output).RootElement[0].GetProperty("value").GetString());
    }

    [Fact]
    public void GivenAnInvalidExpression_WhenRun_ThenExitCodeIsOneWithTheError()
    {
        var (exit, output, error) = Run("name.where(", Write("p.json", PatientJson));

        Assert.Equal(CliRunner.Problems, exit);
        Assert.Empty(output);
        Assert.Contains("name.where(", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAMalformedVariable_WhenRun_ThenItIsBadInput()
    {
        var (exit, _, error) = Run("name", Write("p.json", PatientJson), "--var", "novalue");

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("name=value", error, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAMissingFile_WhenRun_ThenItIsBadInput()
    {
        var (exit, _, error) = Run("name", _cli.PathOf("absent.json"));

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("file not found", error, StringComparison.Ordinal);
    }
}
