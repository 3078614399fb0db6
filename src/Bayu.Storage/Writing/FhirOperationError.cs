using Hl7.Fhir.Model;

namespace Bayu.Storage.Writing;

/// <summary>
/// A FHIR interaction that cannot be done, with the HTTP status and the OperationOutcome to answer.
/// The write path throws it before anything is committed.
/// </summary>
public sealed class FhirOperationError : Exception
{
    public FhirOperationError(int status, OperationOutcome.IssueType code, string message)
        : this(status, Outcomes.Error(code, message))
    {
    }

    public FhirOperationError(int status, OperationOutcome outcome)
        : base(outcome?.Issue.FirstOrDefault()?.Diagnostics ?? "FHIR operation failed")
    {
        Status = status;
        Outcome = outcome ?? Outcomes.Error(OperationOutcome.IssueType.Exception, "FHIR operation failed");
    }

    /// <summary>409: a write lost a race with a concurrent one (version changed, id taken).</summary>
    public static FhirOperationError Conflict(Store.ConcurrencyConflictException conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new(409, OperationOutcome.IssueType.Conflict, conflict.Message);
    }

    public int Status { get; }

    public OperationOutcome Outcome { get; }
}

/// <summary>Small OperationOutcome factory.</summary>
public static class Outcomes
{
    public static OperationOutcome Error(OperationOutcome.IssueType code, string message) => Issue(OperationOutcome.IssueSeverity.Error, code, message);

    public static OperationOutcome Information(string message) => Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, message);

    public static OperationOutcome Issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string message) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = Bayu.Fhir.Formats.DiagnosticText.Safe(message) }],
    };
}
