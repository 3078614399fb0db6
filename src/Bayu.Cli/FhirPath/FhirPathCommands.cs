using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bayu.Cli.Infrastructure;
using Bayu.Fhir.FhirPath;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Cli.FhirPath;

/// <summary><c>bayu fhirpath 'EXPRESSION' FILE [--var name=value] [--strict]</c>: evaluate FHIRPath on a resource.</summary>
public static class FhirPathCommands
{
    private static readonly JsonSerializerOptions s_pretty = new() { WriteIndented = true };

    public static Command Build()
    {
        var expression = new Argument<string>("expression") { Description = "The FHIRPath expression, e.g. \"Patient.name.where(use = 'official').family\"" };
        var file = new Argument<FileInfo>("file") { Description = "The resource (JSON or XML, detected from content)" };
        var variables = new Option<string[]>("--var") { Description = "An environment variable as name=value, used as %name (repeatable)", AllowMultipleArgumentsPerToken = false };
        var strict = new Option<bool>("--strict") { Description = "Strict evaluation: a path the resource's type cannot have is an error, not an empty result" };
        var command = new Command("fhirpath", "Evaluate a FHIRPath expression on a resource and print the result as a JSON array of { type, value }; exit code 1 on an invalid expression")
        {
            expression, file, variables, strict,
        };
        command.SetAction(parseResult =>
        {
            var context = FhirPathContext.WithVariables(ParseVariables(parseResult.GetValue(variables) ?? []));
            if (parseResult.GetValue(strict))
            {
                context = new FhirPathContext { Strict = true, Variables = context.Variables };
            }
            var resource = ReadResource(parseResult.GetValue(file)!);
            IReadOnlyList<Base> result;
            try
            {
                result = FhirPathEngine.Default.Compile(parseResult.GetValue(expression)!).Select(resource, context);
            }
            catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
                return CliRunner.Problems;
            }
            parseResult.InvocationConfiguration.Output.WriteLine(ResultJson.From(result).ToJsonString(s_pretty));
            return CliRunner.Ok;
        });
        return command;
    }

    internal static IEnumerable<KeyValuePair<string, string>> ParseVariables(IEnumerable<string> variables)
    {
        foreach (var variable in variables)
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliUsageException($"--var '{variable}' must be name=value");
            }
            yield return new(variable[..equals].TrimStart('%'), variable[(equals + 1)..]);
        }
    }

    private static Resource ReadResource(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliUsageException($"file not found: {file.FullName}");
        }
        var content = File.ReadAllBytes(file.FullName);
        var format = FhirFormats.DetectFormat(content) ?? throw new CliUsageException($"{file.Name} is neither FHIR JSON nor FHIR XML");
        // Lenient: a query should still run on a resource with recoverable problems.
        var parsed = FhirFormats.Parse(content, format, ParseMode.Lenient);
        return parsed.Resource ?? throw new CliUsageException($"{file.Name} could not be parsed: {string.Join("; ", parsed.Outcome.Issue.Select(i => $"{string.Join(",", i.Expression)} {i.Diagnostics}"))}");
    }
}

/// <summary>The command's output form: one <c>{ "type", "value" }</c> object per result element.</summary>
internal static class ResultJson
{
    public static JsonArray From(IEnumerable<Base> result) =>
        [.. result.Select(element => (JsonNode)new JsonObject { ["type"] = element.TypeName, ["value"] = ValueOf(element) })];

    private static JsonNode? ValueOf(Base element) => element switch
    {
        PrimitiveType { JsonValue: bool b } => JsonValue.Create(b),
        PrimitiveType { JsonValue: decimal d } => JsonValue.Create(d),
        PrimitiveType { JsonValue: int i } => JsonValue.Create(i),
        PrimitiveType { JsonValue: long l } => JsonValue.Create(l),
        PrimitiveType primitive => JsonValue.Create(primitive.ToString()),
        // Complex values (HumanName, whole resources) print as their FHIR JSON.
        _ => JsonNode.Parse(FhirFormats.SerializeToString(element, FhirFormat.Json)),
    };
}
