using Bayu.Fhir.Definitions;
using Bayu.Fhir.FhirPath;
using Bayu.Fhir.Profiles;
using Bayu.Fhir.Terminology;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Validation;

/// <summary>
/// Validates resources against StructureDefinitions: cardinality, types, primitive formats, fixed
/// and pattern values, slicing, bindings, invariants, extensions, references, the profiles in
/// <c>meta.profile</c> and an explicit profile, plus Bayu's rules for Chinese identifiers.
/// </summary>
/// <remarks>Thread-safe: definitions, element trees, expansions and compiled FHIRPath are cached and shared.</remarks>
public sealed class ResourceValidator
{
    private static readonly Lazy<ResourceValidator> s_default = new(() => new ResourceValidator(
        DefinitionRegistry.Default, TerminologyService.Default, FhirPathEngine.Default, BayuProfiles.Rules(TerminologyService.Default)));

    private readonly SnapshotCache _trees;
    private readonly TerminologyService _terminology;
    private readonly FhirPathEngine _fhirPath;
    private readonly IReadOnlyList<IResourceRule> _rules;

    public ResourceValidator(DefinitionRegistry registry, TerminologyService terminology, FhirPathEngine fhirPath, IEnumerable<IResourceRule>? rules = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(terminology);
        ArgumentNullException.ThrowIfNull(fhirPath);
        _trees = new SnapshotCache(registry);
        _terminology = terminology;
        _fhirPath = fhirPath;
        _rules = [.. rules ?? []];
    }

    /// <summary>The validator over <see cref="DefinitionRegistry.Default"/> with Bayu's Chinese rules.</summary>
    public static ResourceValidator Default => s_default.Value;

    /// <summary>
    /// Validates <paramref name="resource"/> against its base definition, or against
    /// <paramref name="profileUrl"/> and the profiles it claims in <c>meta.profile</c>.
    /// </summary>
    /// <returns>All issues found; an outcome with a single "All OK" information issue when there are none.</returns>
    public OperationOutcome Validate(Resource resource, string? profileUrl = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var issues = new IssueList();
        var walker = new InstanceWalker(_trees, _terminology, _fhirPath, _rules, issues);
        walker.ValidateResource(resource, resource.TypeName, profileUrl is null ? [] : [profileUrl], null);
        var outcome = new OperationOutcome { Issue = [.. issues.Issues] };
        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(ValidationIssue.Create(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational,
                resource.TypeName, "ok", "All OK: no issues found."));
        }
        return outcome;
    }
}
