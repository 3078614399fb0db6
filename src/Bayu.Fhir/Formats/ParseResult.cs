using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>The outcome of parsing FHIR content: the resource (when usable) and every issue found.</summary>
/// <param name="Resource">The parsed resource; <c>null</c> when the content could not be used.</param>
/// <param name="Outcome">All issues found, each with a FHIRPath-style location; empty when the content is clean.</param>
public sealed record ParseResult(Resource? Resource, OperationOutcome Outcome)
{
    /// <summary>True when a resource was produced and no issue is an error or fatal.</summary>
    public bool IsSuccess => Resource is not null && !Outcome.Issue.Any(IsErrorOrFatal);

    private static bool IsErrorOrFatal(OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;
}
