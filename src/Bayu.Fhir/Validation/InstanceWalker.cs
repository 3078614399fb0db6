using Bayu.Fhir.FhirPath;
using Bayu.Fhir.Terminology;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>The resource being walked: itself, the resource that contains it, and the root of the instance.</summary>
internal sealed record ResourceScope(Resource Resource, Resource Root, Resource? Container, string Path);

/// <summary>
/// Walks one instance against the element trees of its StructureDefinitions and reports every
/// rule it breaks. One walker per validation call: it holds the issue list.
/// </summary>
internal sealed partial class InstanceWalker(
    SnapshotCache trees,
    TerminologyService terminology,
    FhirPathEngine fhirPath,
    IReadOnlyList<IResourceRule> rules,
    IssueList issues)
{
    public IssueList Issues => issues;

    public void ValidateResource(Resource resource, string path, IReadOnlyList<string> explicitProfiles, ResourceScope? parent)
    {
        // Only a contained resource has a container (its '#id' references resolve among its
        // siblings, and %rootResource is the containing resource); a Bundle entry or a
        // Parameters part is a resource of its own.
        var container = parent?.Resource is DomainResource holder && holder.Contained.Any(c => ReferenceEquals(c, resource)) ? holder : null;
        var scope = new ResourceScope(resource, container is null ? resource : parent!.Root, container, path);
        var profileTrees = new List<ElementTree>();
        var claimed = explicitProfiles.Concat(resource.Meta?.Profile.OfType<string>() ?? []).Distinct(StringComparer.Ordinal);
        foreach (var url in claimed)
        {
            var tree = trees.For(url);
            if (tree is null)
            {
                issues.Warning(IssueType.NotSupported, path, "profile", $"Profile '{url}' is not known here, so the resource was not checked against it.");
            }
            else if (tree.Definition.Type != resource.TypeName)
            {
                issues.Error(IssueType.Invalid, path, "profile", $"Profile '{url}' is for {tree.Definition.Type} resources, not {resource.TypeName}.");
            }
            else
            {
                profileTrees.Add(tree);
            }
        }
        if (profileTrees.Count == 0)
        {
            // A profile's snapshot contains its base, so the base definition is only needed when no profile applies.
            var baseTree = trees.ForType(resource.TypeName);
            if (baseTree is null)
            {
                issues.Error(IssueType.NotSupported, path, "type", $"Resource type '{resource.TypeName}' is not defined in FHIR R4.");
                return;
            }
            profileTrees.Add(baseTree);
        }
        foreach (var tree in profileTrees)
        {
            ValidateElement(tree, tree.Root, resource, path, scope);
        }
        foreach (var rule in rules)
        {
            foreach (var issue in rule.Check(resource, path))
            {
                issues.Add(issue);
            }
        }
    }

    private void ValidateElement(ElementTree tree, ElementNode def, Base instance, string path, ResourceScope scope)
    {
        CheckHasValue(instance, path);
        CheckFixedAndPattern(def, instance, path);
        CheckPrimitiveFormat(instance, path);
        CheckBinding(def, instance, path);
        CheckCodingSystems(instance, path);
        CheckInvariants(def.Definition, instance, path, scope);
        if (instance is ResourceReference reference)
        {
            CheckReference(def, reference, path, scope);
        }

        var (childTree, childDefs) = ResolveChildren(tree, def, instance, path, scope);
        if (childTree is not null)
        {
            ValidateChildren(childTree, childDefs, instance, path, scope, def.Definition.Path ?? instance.TypeName);
        }
    }

    /// <summary>
    /// The definitions of an element's children: unrolled in this snapshot, reached through a
    /// content reference, or those of the element's type (or of the profile on that type).
    /// </summary>
    private (ElementTree? Tree, List<ElementNode> Children) ResolveChildren(ElementTree tree, ElementNode def, Base instance, string path, ResourceScope scope)
    {
        if (def.Children.Count > 0)
        {
            return (tree, def.Children);
        }
        if (def.Definition.ContentReference is { } reference)
        {
            var hash = reference.IndexOf('#', StringComparison.Ordinal);
            var target = tree.FindPath(reference[(hash + 1)..]);
            return target is null ? (null, []) : (tree, target.Children);
        }
        var typeRef = def.Definition.Type.FirstOrDefault(t => TypeMatches(t.Code, instance)) ?? (def.Definition.Type.Count == 1 ? def.Definition.Type[0] : null);
        ElementTree? typeTree = null;
        foreach (var profile in typeRef?.Profile.OfType<string>() ?? [])
        {
            typeTree = trees.For(profile);
            if (typeTree is null)
            {
                issues.Warning(IssueType.NotSupported, path, "profile", $"Profile '{profile}' required for this element is not known here; the element was checked against its base type only.");
            }
            else
            {
                break;
            }
        }
        typeTree ??= trees.ForType(instance.TypeName);
        // The type may be the one being walked (Extension.extension is an Extension): descend all
        // the same, or an extension three levels deep escapes ext-1. The walk ends with the instance.
        if (typeTree is null)
        {
            return (null, []);
        }
        // The type's own invariants (e.g. per-1 on Period, ext-1 on Extension) sit on its root element.
        CheckInvariants(typeTree.Root.Definition, instance, path, scope, def.Definition.Constraint.Select(c => c.Key).ToHashSet(StringComparer.Ordinal));
        CheckFixedAndPattern(typeTree.Root, instance, path);
        return (typeTree, typeTree.Root.Children);
    }

    private void ValidateChildren(ElementTree tree, List<ElementNode> defs, Base instance, string path, ResourceScope scope, string parentDefinitionPath)
    {
        var actual = InstanceChildren.Of(instance);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var def in defs)
        {
            known.Add(def.InstanceName);
            if (instance is PrimitiveType && def.Name == "value")
            {
                continue;
            }
            var items = actual.GetValueOrDefault(def.InstanceName) ?? [];
            if (IsNestedContained(def, instance, scope))
            {
                continue;
            }
            var elementPath = path + "." + def.InstanceName;
            if (items.Count < def.Min)
            {
                issues.Error(IssueType.Required, elementPath, "cardinality",
                    $"{elementPath}: at least {def.Min} required (cardinality {def.Min}..{def.Definition.Max}), found {items.Count}.");
            }
            if (items.Count > def.Max)
            {
                issues.Error(IssueType.Structure, elementPath, "cardinality",
                    $"{elementPath}: at most {def.Definition.Max} allowed (cardinality {def.Min}..{def.Definition.Max}), found {items.Count}.");
            }
            var isList = def.Definition.Base?.Max is not null and not "1" || def.Max > 1;
            // Slices are checked even without items: a required slice can be missing entirely.
            if (def.Definition.Slicing is not null && def.Slices.Count > 0)
            {
                ValidateSlices(tree, def, items, elementPath, isList, instance, scope, parentDefinitionPath);
                continue;
            }
            if (items.Count == 0)
            {
                continue;
            }
            for (var i = 0; i < items.Count; i++)
            {
                ValidateItem(tree, def, items[i], ItemPath(elementPath, def, items[i], i, isList), instance, scope, parentDefinitionPath);
            }
        }
        foreach (var name in actual.Keys.Where(n => !known.Contains(n)))
        {
            issues.Error(IssueType.Structure, path + "." + name, "structure", $"Element '{name}' is not allowed here by the definition of {path}.");
        }
    }

    /// <summary>
    /// The <c>contained</c> list of a resource that is itself contained: forbidden (dom-2, which
    /// the container reports), so it is not walked; walking it would cost work at every level of
    /// a deep nesting.
    /// </summary>
    private static bool IsNestedContained(ElementNode def, Base instance, ResourceScope scope) =>
        scope.Container is not null && def.InstanceName == "contained" && ReferenceEquals(instance, scope.Resource);

    private static string ItemPath(string elementPath, ElementNode def, Base item, int index, bool isList)
    {
        var path = isList ? $"{elementPath}[{index}]" : elementPath;
        return def.IsChoice ? $"{path}.ofType({item.TypeName})" : path;
    }

    private void ValidateItem(ElementTree tree, ElementNode def, Base item, string path, Base parent, ResourceScope scope, string parentDefinitionPath)
    {
        if (item is Resource nested && !ReferenceEquals(nested, scope.Resource))
        {
            if (def.Definition.Type.Count > 0 && !def.Definition.Type.Any(t => TypeMatches(t.Code, item)))
            {
                issues.Error(IssueType.Structure, path, "type", $"{path}: a {item.TypeName} resource is not allowed here (allowed: {string.Join(", ", def.Definition.Type.Select(t => t.Code))}).");
            }
            ValidateResource(nested, path, [], scope);
            return;
        }
        if (def.Definition.Type.Count > 0 && !def.Definition.Type.Any(t => TypeMatches(t.Code, item)))
        {
            issues.Error(IssueType.Structure, path, "type",
                $"{path}: type {item.TypeName} is not allowed here (allowed: {string.Join(", ", def.Definition.Type.Select(t => t.Code))}).");
            return;
        }
        if (item is Extension extension && !def.Definition.Type.Any(t => t.Profile.Any()))
        {
            if (!CheckExtension(extension, def, path, parent, scope, parentDefinitionPath))
            {
                return;
            }
        }
        ValidateElement(tree, def, item, path, scope);
    }

    internal static bool TypeMatches(string? code, Base item)
    {
        if (code is null || code == item.TypeName || code.StartsWith("http://hl7.org/fhirpath/System.", StringComparison.Ordinal))
        {
            return true;
        }
        if (code is "Resource" or "DomainResource")
        {
            return item is Resource && (code == "Resource" || item is DomainResource);
        }
        if (code is "Element" or "BackboneElement")
        {
            return true;
        }
        // Specialisations (Age, Duration, Count … are Quantities) match their base type.
        for (var type = item.GetType().BaseType; type is not null && type != typeof(Base); type = type.BaseType)
        {
            if (type.Name == code)
            {
                return true;
            }
        }
        return false;
    }

    private void CheckHasValue(Base instance, string path)
    {
        // ele-1 natively: it applies to every element, and evaluating it as FHIRPath everywhere
        // would dominate validation time.
        var empty = instance switch
        {
            PrimitiveType p => p.JsonValue is null && p.Extension.Count == 0,
            Resource => false,
            _ => !InstanceChildren.HasAny(instance),
        };
        if (empty)
        {
            issues.Error(IssueType.Invariant, path, "ele-1", $"{path}: All FHIR elements must have a @value or children (ele-1).");
        }
    }
}
