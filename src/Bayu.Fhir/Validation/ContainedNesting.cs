using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>
/// dom-2 ("If the resource is contained in another resource, it SHALL NOT contain nested
/// Resources") as a cheap structural check: one pass over the containers, never into the nested
/// resources themselves. Deeply nested <c>contained</c> costs the validator time at every level,
/// so the door refuses it before the validator sees it.
/// </summary>
public static class ContainedNesting
{
    /// <summary>The rule code (and FHIR invariant key) of the issues returned.</summary>
    public const string Rule = "dom-2";

    /// <summary>
    /// One error for every contained resource that has contained resources of its own, in
    /// <paramref name="resource"/> and in the resources it carries (Bundle entries, Parameters
    /// values and parts, at any depth); empty when there is none.
    /// </summary>
    /// <remarks>Only the first level of nesting is looked at: whatever lies deeper is inside an already refused resource.</remarks>
    public static IReadOnlyList<IssueComponent> Check(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var issues = new List<IssueComponent>();
        // An explicit stack of resources and parameters: bundles in bundles and parts in parts
        // must not cost call-stack depth.
        var pending = new Stack<(Base Node, string Path)>();
        pending.Push((resource, resource.TypeName));
        while (pending.TryPop(out var next))
        {
            var (node, path) = next;
            switch (node)
            {
                case Bundle bundle:
                    for (var i = bundle.Entry.Count - 1; i >= 0; i--)
                    {
                        if (bundle.Entry[i]?.Resource is { } entry)
                        {
                            pending.Push((entry, $"{path}.entry[{i}].resource"));
                        }
                    }
                    break;
                case Parameters parameters:
                    PushAll(pending, parameters.Parameter, path + ".parameter");
                    break;
                case Parameters.ParameterComponent parameter:
                    if (parameter.Resource is { } value)
                    {
                        pending.Push((value, path + ".resource"));
                    }
                    PushAll(pending, parameter.Part, path + ".part");
                    break;
                case DomainResource domain:
                    CheckContained(domain, path, issues);
                    break;
                default:
                    break;
            }
        }
        return issues;
    }

    /// <summary>Pushed in reverse so that issues come out in document order.</summary>
    private static void PushAll(Stack<(Base, string)> pending, List<Parameters.ParameterComponent> parameters, string path)
    {
        for (var i = parameters.Count - 1; i >= 0; i--)
        {
            if (parameters[i] is { } parameter)
            {
                pending.Push((parameter, $"{path}[{i}]"));
            }
        }
    }

    private static void CheckContained(DomainResource domain, string path, List<IssueComponent> issues)
    {
        for (var i = 0; i < domain.Contained.Count; i++)
        {
            if (domain.Contained[i] is DomainResource { Contained.Count: > 0 } nested)
            {
                var containedPath = $"{path}.contained[{i}]";
                var message = $"{containedPath}: a contained resource SHALL NOT contain nested resources (dom-2), but this {nested.TypeName} " +
                    $"contains {nested.Contained.Count} (the first at {containedPath}.contained[0]). Put every resource in the outer resource's contained list.";
                var issue = ValidationIssue.Create(IssueSeverity.Error, IssueType.Invariant, containedPath + ".contained[0]", Rule, message);
                issue.Diagnostics = message;
                issues.Add(issue);
            }
        }
    }
}
