using Hl7.Fhir.Model;

namespace Bayu.Cli.Fhir;

/// <summary>One readable line per issue, as compilers print them: <c>file:line:col: severity location: message</c>.</summary>
internal static class IssueText
{
    private const string LineExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
    private const string ColumnExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";

    public static string Format(string file, OperationOutcome.IssueComponent issue)
    {
        var line = issue.GetExtensionValue<Integer>(LineExtension)?.Value;
        var column = issue.GetExtensionValue<Integer>(ColumnExtension)?.Value;
        var position = line is null ? "" : column is null ? $":{line}" : $":{line}:{column}";
        var severity = issue.Severity?.ToString().ToLowerInvariant() ?? "error";
        var location = issue.Expression.FirstOrDefault() is { } expression ? $" {expression}" : "";
        return $"{file}{position}: {severity}{location}: {issue.Diagnostics}";
    }

    public static bool IsError(OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;
}
