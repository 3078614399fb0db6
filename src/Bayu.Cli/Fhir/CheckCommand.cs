using System.CommandLine;
using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Fhir;

/// <summary><c>bayu fhir check FILE...</c>: parse each file and report every problem as an OperationOutcome.</summary>
internal static class CheckCommand
{
    public static Command Build()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Resources to check (JSON or XML, detected from content)", Arity = ArgumentArity.OneOrMore };
        var lenient = new Option<bool>("--lenient") { Description = "Report recoverable problems as warnings instead of errors" };
        var command = new Command("check", "Parse FHIR files and print every problem as an OperationOutcome (JSON); exit code 1 when any file has an error")
        {
            files, lenient,
        };
        command.SetAction(parseResult =>
        {
            var mode = parseResult.GetValue(lenient) ? ParseMode.Lenient : ParseMode.Strict;
            var inputs = parseResult.GetValue(files)!;
            var outcomes = inputs.Select(file => (File: file, Outcome: Check(file, mode))).ToList();

            return OutcomeReport.Write(outcomes, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static OperationOutcome Check(FileInfo file, ParseMode mode)
    {
        var content = FhirFile.Read(file);
        OperationOutcome outcome;
        if (FhirFile.Detect(content) is { } format)
        {
            outcome = FhirFormats.Parse(content, format, mode).Outcome;
        }
        else
        {
            outcome = new OperationOutcome();
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Fatal,
                Code = OperationOutcome.IssueType.Structure,
                Diagnostics = "The content is neither FHIR JSON nor FHIR XML.",
            });
        }
        if (outcome.Issue.Count == 0)
        {
            // An OperationOutcome needs at least one issue; say explicitly that all is well.
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Information,
                Code = OperationOutcome.IssueType.Informational,
                Diagnostics = "No problems found.",
            });
        }
        return outcome;
    }
}
