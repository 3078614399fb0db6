using System.CommandLine;
using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Formats;

namespace Bayu.Cli.Fhir;

/// <summary><c>bayu fhir convert FILE --to json|xml [--out FILE]</c>.</summary>
internal static class ConvertCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "The resource to convert (JSON or XML, detected from content)" };
        var to = new Option<string>("--to") { Description = "Target format: json or xml", Required = true };
        to.AcceptOnlyFromAmong("json", "xml");
        var output = new Option<FileInfo?>("--out") { Description = "Write the result to this file instead of standard output" };
        var pretty = new Option<bool>("--pretty") { Description = "Indent the output" };
        var lenient = new Option<bool>("--lenient") { Description = "Convert despite recoverable problems (reported as warnings on standard error)" };
        var command = new Command("convert", "Convert a FHIR resource between JSON and XML; refuses content that is not valid FHIR")
        {
            file, to, output, pretty, lenient,
        };
        command.SetAction(parseResult =>
        {
            var source = parseResult.GetValue(file)!;
            var content = FhirFile.Read(source);
            var format = FhirFile.Detect(content) ?? throw new CliUsageException($"{source.Name} is neither FHIR JSON nor FHIR XML");
            var result = FhirFormats.Parse(content, format, parseResult.GetValue(lenient) ? ParseMode.Lenient : ParseMode.Strict);

            var error = parseResult.InvocationConfiguration.Error;
            foreach (var issue in result.Outcome.Issue)
            {
                error.WriteLine(IssueText.Format(source.Name, issue));
            }
            if (!result.IsSuccess)
            {
                throw new CliUsageException($"{source.Name} is not valid FHIR ({result.Outcome.Issue.Count} problem(s) above); nothing converted");
            }

            var target = FhirFile.ParseFormatName(parseResult.GetValue(to)!);
            var bytes = FhirFormats.Serialize(result.Resource!, target, new SerializeOptions(Pretty: parseResult.GetValue(pretty)));
            if (parseResult.GetValue(output) is { } destination)
            {
                File.WriteAllBytes(destination.FullName, bytes);
            }
            else
            {
                parseResult.InvocationConfiguration.Output.WriteLine(System.Text.Encoding.UTF8.GetString(bytes));
            }
            return CliRunner.Ok;
        });
        return command;
    }
}
