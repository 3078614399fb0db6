using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>References: format, target types, and contained targets.</summary>
internal sealed partial class InstanceWalker
{
    // The RESTful reference form of the specification (§2.3.0, "Literal references").
    [GeneratedRegex(@"^(?:(?:https?)://(?:[A-Za-z0-9\-\\\.\:\%\$]*/)+)?(?<type>[A-Z][A-Za-z]+)/(?<id>[A-Za-z0-9\-\.]{1,64})(?:/_history/[A-Za-z0-9\-\.]{1,64})?$")]
    private static partial Regex RestReference();

    [GeneratedRegex(@"^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex UuidReference();

    [GeneratedRegex(@"^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$")]
    private static partial Regex OidReference();

    [GeneratedRegex(@"^(?<type>[A-Z][A-Za-z]+)\?\S+$")]
    private static partial Regex ConditionalReference();

    private void CheckReference(ElementNode def, ResourceReference reference, string path, ResourceScope scope)
    {
        if (reference.Reference is not { } text)
        {
            return;
        }
        string? targetType = null;
        if (text.StartsWith('#'))
        {
            var id = text[1..];
            var container = scope.Container ?? scope.Resource;
            if (id.Length == 0)
            {
                targetType = container.TypeName;
            }
            else if ((container as DomainResource)?.Contained.FirstOrDefault(c => c.Id == id) is { } target)
            {
                targetType = target.TypeName;
            }
            else
            {
                issues.Error(IssueType.NotFound, path, "reference", $"{path}: reference '{text}' points to a contained resource that does not exist.");
                return;
            }
        }
        else if (text.StartsWith("urn:uuid:", StringComparison.Ordinal))
        {
            if (!UuidReference().IsMatch(text))
            {
                issues.Error(IssueType.Value, path, "reference", $"{path}: '{text}' is not a valid urn:uuid reference.");
            }
        }
        else if (text.StartsWith("urn:oid:", StringComparison.Ordinal))
        {
            if (!OidReference().IsMatch(text))
            {
                issues.Error(IssueType.Value, path, "reference", $"{path}: '{text}' is not a valid urn:oid reference.");
            }
        }
        else if (RestReference().Match(text) is { Success: true } match)
        {
            targetType = match.Groups["type"].Value;
            if (!Hl7.Fhir.Model.ModelInfo.IsKnownResource(targetType))
            {
                // An absolute URL is assumed to be a RESTful FHIR reference only when it has the
                // [type]/[id] form (§2.3.0); otherwise it is an opaque URL whose target type is unknown.
                if (!IsAbsoluteHttp(text))
                {
                    issues.Error(IssueType.Value, path, "reference", $"{path}: '{targetType}' in reference '{text}' is not a FHIR resource type.");
                    return;
                }
                targetType = null;
            }
        }
        else if (ConditionalReference().Match(text) is { Success: true } conditional)
        {
            // Conditional references (Type?search) are resolved by the server when a transaction
            // is processed (§3.1.0.11.2); Synthea and hospital feeds send them.
            targetType = conditional.Groups["type"].Value;
        }
        else if (!Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            issues.Error(IssueType.Value, path, "reference",
                $"{path}: '{text}' is not a valid reference (expected Type/id, an absolute URL, #contained-id, urn:uuid: or urn:oid:).");
            return;
        }

        if (reference.Type is { } declared && targetType is not null && declared != targetType)
        {
            issues.Error(IssueType.Value, path, "reference", $"{path}: reference type '{declared}' does not match the reference '{text}'.");
        }
        targetType ??= reference.Type;
        var allowed = AllowedTargets(def);
        if (targetType is not null && allowed.Count > 0 && !allowed.Contains("Resource") && !allowed.Contains(targetType))
        {
            issues.Error(IssueType.Value, path, "reference",
                $"{path}: a reference to {targetType} is not allowed here (allowed: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}).");
        }
    }

    private static bool IsAbsoluteHttp(string text) =>
        text.StartsWith("http://", StringComparison.Ordinal) || text.StartsWith("https://", StringComparison.Ordinal);

    private HashSet<string> AllowedTargets(ElementNode def)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in def.Definition.Type.Where(t => t.Code == "Reference"))
        {
            foreach (var profile in type.TargetProfile.OfType<string>())
            {
                var resourceType = profile.StartsWith(Definitions.DefinitionRegistry.FhirBase + "StructureDefinition/", StringComparison.Ordinal)
                    ? profile[(Definitions.DefinitionRegistry.FhirBase.Length + "StructureDefinition/".Length)..]
                    : trees.Registry.FindStructureDefinition(profile)?.Type;
                if (resourceType is not null)
                {
                    result.Add(resourceType);
                }
            }
        }
        return result;
    }
}
