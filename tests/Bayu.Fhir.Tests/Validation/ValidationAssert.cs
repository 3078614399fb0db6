using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Tests.Validation;

/// <summary>Helpers that state issues exactly: severity, rule and expression.</summary>
internal static class ValidationAssert
{
    public static OperationOutcome Validate(Resource resource, string? profile = null) => ResourceValidator.Default.Validate(resource, profile);

    public static IReadOnlyList<IssueComponent> Errors(OperationOutcome outcome) =>
        [.. outcome.Issue.Where(i => i.Severity is IssueSeverity.Error or IssueSeverity.Fatal)];

    public static void NoErrors(OperationOutcome outcome) =>
        Assert.True(Errors(outcome).Count == 0, "Expected no errors, got:\n" + Describe(outcome));

    /// <summary>Asserts the outcome's errors are exactly the given (rule, expression) pairs.</summary>
    public static void ExactErrors(OperationOutcome outcome, params (string Rule, string Expression)[] expected)
    {
        var actual = Errors(outcome).Select(i => (ValidationIssue.RuleOf(i) ?? "", i.Expression.Single() ?? "")).OrderBy(x => x).ToList();
        Assert.True(expected.OrderBy(x => x).SequenceEqual(actual), $"Expected errors {string.Join("; ", expected)}, got:\n{Describe(outcome)}");
    }

    public static IssueComponent Single(OperationOutcome outcome, IssueSeverity severity, string rule) =>
        Assert.Single(outcome.Issue, i => i.Severity == severity && ValidationIssue.RuleOf(i) == rule);

    public static string Describe(OperationOutcome outcome) =>
        string.Join("\n", outcome.Issue.Select(i => $"  {i.Severity} {i.Code} [{ValidationIssue.RuleOf(i)}] {string.Join(",", i.Expression)}: {i.Details?.Text}"));

    public static T Parse<T>(string json) where T : Resource => new FhirJsonDeserializer().Deserialize<T>(json);
}
