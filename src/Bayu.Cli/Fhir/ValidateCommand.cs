using System.CommandLine;
using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Formats;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Fhir;

/// <summary><c>bayu fhir validate FILE... [--profile URL]</c>: validate resources against their definitions and profiles.</summary>
internal static class ValidateCommand
{
    public static Command Build()
    {
        var files = new Argument<FileInfo[]>("files") { Description = "Resources to validate (JSON or XML, detected from content)", Arity = ArgumentArity.OneOrMore };
        var profile = new Option<string?>("--profile") { Description = "Canonical URL of a profile to validate against, in addition to meta.profile" };
        var command = new Command("validate", "Validate FHIR resources (structure, terminology, invariants, profiles, Chinese identifiers); prints an OperationOutcome per resource (JSON) and exits 1 when any has an error")
        {
            files, profile,
        };
        command.SetAction(parseResult =>
        {
            var profileUrl = parseResult.GetValue(profile);
            if (profileUrl is not null && DefinitionRegistry.Default.FindStructureDefinition(profileUrl) is null)
            {
                throw new CliUsageException($"unknown profile '{profileUrl}'");
            }
            var outcomes = parseResult.GetValue(files)!.Select(file => (File: file, Outcome: Validate(file, profileUrl))).ToList();

            return OutcomeReport.Write(outcomes, parseResult.InvocationConfiguration.Output, parseResult.InvocationConfiguration.Error);
        });
        return command;
    }

    private static OperationOutcome Validate(FileInfo file, string? profileUrl)
    {
        var content = FhirFile.Read(file);
        if (FhirFile.Detect(content) is not { } format)
        {
            return new OperationOutcome
            {
                Issue = [new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Fatal,
                    Code = OperationOutcome.IssueType.Structure,
                    Diagnostics = "The content is neither FHIR JSON nor FHIR XML.",
                }],
            };
        }
        // Parse leniently so that format problems and validation problems come in one report.
        var parsed = FhirFormats.Parse(content, format, ParseMode.Lenient);
        if (parsed.Resource is null)
        {
            return parsed.Outcome;
        }
        var validation = ResourceValidator.Default.Validate(parsed.Resource, profileUrl);
        var issues = parsed.Outcome.Issue.Concat(validation.Issue.Where(i => !(parsed.Outcome.Issue.Count > 0 && ValidationIssue.RuleOf(i) == "ok")));
        return new OperationOutcome { Issue = [.. issues] };
    }
}
