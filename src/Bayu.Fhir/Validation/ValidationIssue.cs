using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Builds OperationOutcome issues the way the validator reports them.</summary>
public static class ValidationIssue
{
    /// <summary>
    /// An issue with severity, code, one FHIRPath <c>expression</c>, the message in
    /// <c>details.text</c> and the rule that produced it as a coding in <c>details</c>
    /// (system <see cref="RuleSystem"/>), so tools can tell rules apart without parsing text.
    /// </summary>
    public static IssueComponent Create(IssueSeverity severity, IssueType code, string expression, string rule, string message) => new()
    {
        Severity = severity,
        Code = code,
        Expression = [expression],
        Details = new CodeableConcept(RuleSystem, rule, message) { Text = message },
    };

    /// <summary>The code system of the rule codes in <c>issue.details.coding</c>.</summary>
    public const string RuleSystem = "http://bayu.health/fhir/CodeSystem/validation-rule";

    /// <summary>The rule code of an issue, e.g. <c>cardinality</c> or an invariant key such as <c>pat-1</c>.</summary>
    public static string? RuleOf(IssueComponent issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        return issue.Details?.Coding.FirstOrDefault(c => c.System == RuleSystem)?.Code;
    }
}

/// <summary>
/// A check that StructureDefinitions cannot express (check characters, cross-field consistency),
/// run on every resource the validator visits, including contained and bundled ones.
/// </summary>
public interface IResourceRule
{
    /// <param name="resource">The resource being validated.</param>
    /// <param name="path">FHIRPath of the resource in the validated instance, e.g. <c>Bundle.entry[2].resource</c>.</param>
    IEnumerable<IssueComponent> Check(Resource resource, string path);
}
