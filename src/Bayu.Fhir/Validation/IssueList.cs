using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Collects validation issues as OperationOutcome issues, without duplicates.</summary>
internal sealed class IssueList
{
    private readonly List<IssueComponent> _issues = [];
    private readonly HashSet<(IssueSeverity, string, string)> _seen = [];

    public IReadOnlyList<IssueComponent> Issues => _issues;

    public bool HasErrors => _issues.Any(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal);

    public void Add(IssueSeverity severity, IssueType code, string expression, string rule, string message)
    {
        if (!_seen.Add((severity, expression, message)))
        {
            return;
        }
        _issues.Add(ValidationIssue.Create(severity, code, expression, rule, message));
    }

    public void Add(IssueComponent issue)
    {
        if (_seen.Add((issue.Severity ?? IssueSeverity.Error, issue.Expression.FirstOrDefault() ?? "", issue.Details?.Text ?? issue.Diagnostics ?? "")))
        {
            _issues.Add(issue);
        }
    }

    public void Error(IssueType code, string expression, string rule, string message) => Add(IssueSeverity.Error, code, expression, rule, message);

    public void Warning(IssueType code, string expression, string rule, string message) => Add(IssueSeverity.Warning, code, expression, rule, message);

    public void Information(IssueType code, string expression, string rule, string message) => Add(IssueSeverity.Information, code, expression, rule, message);
}
