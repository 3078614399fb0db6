using Bayu.Cli.Infrastructure;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;

namespace Bayu.Cli.Fhir;

/// <summary>How <c>fhir check</c> and <c>fhir validate</c> report: a summary line per file on stderr, the outcomes as FHIR JSON on stdout.</summary>
internal static class OutcomeReport
{
    /// <returns><see cref="CliRunner.Problems"/> when any outcome has an error, else <see cref="CliRunner.Ok"/>.</returns>
    public static int Write(IReadOnlyList<(FileInfo File, OperationOutcome Outcome)> outcomes, TextWriter output, TextWriter error)
    {
        foreach (var (file, outcome) in outcomes)
        {
            var errors = outcome.Issue.Count(IssueText.IsError);
            var warnings = outcome.Issue.Count(i => i.Severity == OperationOutcome.IssueSeverity.Warning);
            error.WriteLine($"{file.Name}: {errors} error(s), {warnings} warning(s)");
        }

        // One file: its OperationOutcome. Several: a collection Bundle with one outcome per
        // file, so the output stays a single FHIR JSON document for scripts.
        Resource report = outcomes.Count == 1 ? outcomes[0].Outcome : new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Entry = [.. outcomes.Select(o => new Bundle.EntryComponent { FullUrl = new Uri(o.File.FullName).AbsoluteUri, Resource = o.Outcome })],
        };
        output.WriteLine(FhirFormats.SerializeToString(report, FhirFormat.Json, new SerializeOptions(Pretty: true)));
        return outcomes.Any(o => o.Outcome.Issue.Any(IssueText.IsError)) ? CliRunner.Problems : CliRunner.Ok;
    }
}
