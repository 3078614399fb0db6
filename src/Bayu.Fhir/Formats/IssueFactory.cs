using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>Builds OperationOutcome issues in the one shape Bayu reports parse problems.</summary>
internal static class IssueFactory
{
    // The core R4 extensions for a position in the source; clients (and `bayu fhir check`) show them.
    private const string LineExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
    private const string ColumnExtension = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";
    private const string SdkCodeSystem = "http://hl7.org/fhir/dotnet-api-operation-outcome";

    public static OperationOutcome.IssueComponent Create(
        OperationOutcome.IssueSeverity severity,
        OperationOutcome.IssueType code,
        string? expression,
        string diagnostics,
        long? line = null,
        long? column = null,
        string? errorCode = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = severity,
            Code = code,
            Diagnostics = DiagnosticText.Safe(diagnostics),
        };
        if (!string.IsNullOrEmpty(expression))
        {
            issue.Expression = [expression];
        }
        if (errorCode is not null)
        {
            issue.Details = new CodeableConcept(SdkCodeSystem, errorCode);
        }
        if (line is { } l)
        {
            issue.Extension.Add(new Extension(LineExtension, new Integer(checked((int)l))));
        }
        if (column is { } c)
        {
            issue.Extension.Add(new Extension(ColumnExtension, new Integer(checked((int)c))));
        }
        return issue;
    }

    /// <summary>The source line of an issue, when known.</summary>
    public static int? LineOf(OperationOutcome.IssueComponent issue) =>
        (issue.GetExtensionValue<Integer>(LineExtension))?.Value;

    /// <summary>The source column of an issue, when known.</summary>
    public static int? ColumnOf(OperationOutcome.IssueComponent issue) =>
        (issue.GetExtensionValue<Integer>(ColumnExtension))?.Value;
}
