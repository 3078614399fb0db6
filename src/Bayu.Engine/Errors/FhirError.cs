using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Errors;

/// <summary>
/// A FHIR interaction that cannot be done: what kind of refusal it is and the OperationOutcome that
/// explains it. The engine throws it before anything is committed; which HTTP status a kind
/// answers with is decided in one place, by the server (Bayu.Server.Fhir.FhirHttp).
/// </summary>
public sealed class FhirError : Exception
{
    public FhirError(FhirErrorKind kind, OperationOutcome.IssueType code, string message)
        : this(kind, Outcomes.Error(code, message))
    {
    }

    public FhirError(FhirErrorKind kind, OperationOutcome outcome, StoredResource? version = null)
        : base(outcome?.Issue.FirstOrDefault()?.Diagnostics ?? "FHIR operation failed")
    {
        Kind = kind;
        Outcome = outcome ?? Outcomes.Error(OperationOutcome.IssueType.Exception, "FHIR operation failed");
        Version = version;
    }

    /// <summary>A write lost a race with a concurrent one (version changed, id taken).</summary>
    public static FhirError Conflict(ConcurrencyConflictException conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        return new(FhirErrorKind.Conflict, OperationOutcome.IssueType.Conflict, conflict.Message);
    }

    public FhirErrorKind Kind { get; }

    public OperationOutcome Outcome { get; }

    /// <summary>The version the refusal is about, when it has one (a deletion answered as gone carries its ETag).</summary>
    public StoredResource? Version { get; }
}

/// <summary>The refusals of the FHIR RESTful API, by meaning rather than by HTTP status.</summary>
public enum FhirErrorKind
{
    /// <summary>The request is malformed or breaks a rule of the interaction.</summary>
    Invalid,
    /// <summary>The caller is not known (no or bad credentials).</summary>
    Unauthenticated,
    /// <summary>The caller is known but may not do this.</summary>
    Forbidden,
    NotFound,
    /// <summary>The interaction is not allowed on this target.</summary>
    NotAllowed,
    /// <summary>No representation the caller accepts can be produced.</summary>
    NotAcceptable,
    /// <summary>A concurrent write won the race.</summary>
    Conflict,
    /// <summary>The resource was deleted.</summary>
    Gone,
    /// <summary>A condition (If-Match, conditional criteria) does not hold.</summary>
    PreconditionFailed,
    /// <summary>The request did not arrive in time (a body slower than the minimum data rate).</summary>
    RequestTimeout,
    TooLarge,
    UriTooLong,
    /// <summary>The request's headers are over the server's bound.</summary>
    HeadersTooLarge,
    UnsupportedMediaType,
    /// <summary>Well-formed but fails validation or a business rule.</summary>
    Unprocessable,
    TooManyRequests,
    Internal,
    /// <summary>A dependency (the database) did not answer in time; the caller may retry.</summary>
    Unavailable,
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
