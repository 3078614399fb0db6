using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Invariants: every <c>constraint</c> FHIRPath expression with its severity.</summary>
internal sealed partial class InstanceWalker
{
    /// <summary>
    /// R4 invariants whose FHIRPath contradicts their own XPath form, by key and exact expression,
    /// with the expression evaluated instead. que-7 tests <c>answer is Boolean</c>: without a
    /// namespace that is System.Boolean, which a FHIR <c>boolean</c> answer is not, so every valid
    /// 'exists' condition failed; its XPath is <c>exists(f:answerBoolean)</c>.
    /// </summary>
    internal static readonly IReadOnlyDictionary<(string Key, string Expression), string> InvariantErrata = new Dictionary<(string, string), string>
    {
        [("que-7", "operator = 'exists' implies (answer is Boolean)")] = "operator = 'exists' implies (answer is boolean)",
    };

    /// <summary>
    /// DomainResource invariants about the resource's own <c>contained</c> list. On a contained
    /// resource they hold when it has none, and when it has some the container's dom-2 already
    /// says so: evaluating them there only repeats the error (and dom-3 searches the whole nesting).
    /// </summary>
    private static readonly HashSet<string> s_containedListInvariants = new(["dom-2", "dom-3", "dom-4", "dom-5"], StringComparer.Ordinal);

    private void CheckInvariants(ElementDefinition definition, Base instance, string path, ResourceScope scope, IReadOnlySet<string?>? alreadyChecked = null)
    {
        foreach (var constraint in definition.Constraint)
        {
            if (constraint.Key is null or "ele-1" || constraint.Expression is not { Length: > 0 } expression || alreadyChecked?.Contains(constraint.Key) == true)
            {
                continue;
            }
            if (scope.Container is not null && ReferenceEquals(instance, scope.Resource) && s_containedListInvariants.Contains(constraint.Key))
            {
                continue;
            }
            if (NarrativeChecks.Handles(constraint.Key, expression))
            {
                if (NarrativeChecks.Check(constraint.Key, instance) == false)
                {
                    var narrativeSeverity = constraint.Severity == ConstraintSeverity.Warning ? IssueSeverity.Warning : IssueSeverity.Error;
                    issues.Add(narrativeSeverity, IssueType.Invariant, path, constraint.Key, $"{path}: constraint {constraint.Key} failed: {constraint.Human}");
                }
                continue;
            }
            expression = InvariantErrata.GetValueOrDefault((constraint.Key, expression), expression);
            IReadOnlyList<Base> result;
            try
            {
                result = fhirPath.Compile(expression).Select(instance, new FhirPathContext { Resource = scope.Resource, RootResource = scope.Root });
            }
            catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException or InvalidOperationException or NotSupportedException or ArgumentException)
            {
                issues.Warning(IssueType.Exception, path, constraint.Key, $"{path}: constraint {constraint.Key} could not be evaluated ({e.Message}).");
                continue;
            }
            // Only an explicit false fails: an empty result (e.g. comparing dates of different
            // precision) means the rule cannot decide, which FHIRPath treats as not violated.
            if (result is [PrimitiveType { JsonValue: false }])
            {
                var severity = constraint.Severity == ConstraintSeverity.Warning ? IssueSeverity.Warning : IssueSeverity.Error;
                issues.Add(severity, IssueType.Invariant, path, constraint.Key, $"{path}: constraint {constraint.Key} failed: {constraint.Human}");
            }
        }
    }
}
