using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Slicing: assigning items to slices by discriminator, slice cardinality, closed/open/openAtEnd and order.</summary>
internal sealed partial class InstanceWalker
{
    private void ValidateSlices(ElementTree tree, ElementNode entry, List<Base> items, string elementPath, bool isList, Base parent, ResourceScope scope, string parentDefinitionPath)
    {
        var slicing = entry.Definition.Slicing!;
        var assigned = new ElementNode?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            assigned[i] = entry.Slices.FirstOrDefault(slice => MatchesSlice(tree, slice, items[i], slicing.Discriminator, scope));
        }
        foreach (var slice in entry.Slices)
        {
            var count = assigned.Count(a => a == slice);
            if (count < slice.Min)
            {
                issues.Error(IssueType.Required, elementPath, "slicing",
                    $"{elementPath}: slice '{slice.Definition.SliceName}' requires at least {slice.Min} item(s), found {count}.");
            }
            if (count > slice.Max)
            {
                issues.Error(IssueType.Structure, elementPath, "slicing",
                    $"{elementPath}: slice '{slice.Definition.SliceName}' allows at most {slice.Definition.Max} item(s), found {count}.");
            }
        }
        var lastSliceIndex = -1;
        var seenUnmatched = false;
        for (var i = 0; i < items.Count; i++)
        {
            var itemPath = ItemPath(elementPath, entry, items[i], i, isList);
            var slice = assigned[i];
            if (slice is null)
            {
                seenUnmatched = true;
                if (slicing.Rules == ElementDefinition.SlicingRules.Closed)
                {
                    issues.Error(IssueType.Structure, itemPath, "slicing",
                        $"{itemPath}: does not match any slice of {elementPath}, and the slicing is closed (slices: {string.Join(", ", entry.Slices.Select(s => s.Definition.SliceName))}).");
                }
            }
            else
            {
                if (seenUnmatched && slicing.Rules == ElementDefinition.SlicingRules.OpenAtEnd)
                {
                    issues.Error(IssueType.Structure, itemPath, "slicing",
                        $"{itemPath}: matches slice '{slice.Definition.SliceName}' after an unsliced item, but the slicing is openAtEnd.");
                }
                var index = entry.Slices.IndexOf(slice);
                if (slicing.Ordered == true && index < lastSliceIndex)
                {
                    issues.Error(IssueType.Structure, itemPath, "slicing",
                        $"{itemPath}: slice '{slice.Definition.SliceName}' is out of order; the slices of {elementPath} must appear in the order they are defined.");
                }
                lastSliceIndex = Math.Max(lastSliceIndex, index);
            }
            ValidateItem(tree, slice ?? entry, items[i], itemPath, parent, scope, parentDefinitionPath);
        }
    }

    private bool MatchesSlice(ElementTree tree, ElementNode slice, Base item, List<ElementDefinition.DiscriminatorComponent> discriminators, ResourceScope scope)
    {
        foreach (var discriminator in discriminators)
        {
            if (!MatchesDiscriminator(slice, item, discriminator, scope))
            {
                return false;
            }
        }
        return discriminators.Count > 0 || tree is null;
    }

    private bool MatchesDiscriminator(ElementNode slice, Base item, ElementDefinition.DiscriminatorComponent discriminator, ResourceScope scope)
    {
        var path = discriminator.Path ?? "$this";
        // Extension slices are discriminated by url, which the slice states as the profile of its type.
        if (path == "url" && item is Extension extension && slice.Definition.Type.FirstOrDefault()?.Profile.FirstOrDefault() is { } extensionUrl)
        {
            return extension.Url == extensionUrl;
        }
        var target = Navigate(slice, path);
        var values = path == "$this" ? [item] : SelectSafe(item, path);
        switch (discriminator.Type)
        {
            case ElementDefinition.DiscriminatorType.Value:
            case ElementDefinition.DiscriminatorType.Pattern:
                if (target is null)
                {
                    return false;
                }
                if (target.Definition.Fixed is { } fixedValue)
                {
                    return values.Any(v => ValueEquals(fixedValue, v, exact: true));
                }
                if (target.Definition.Pattern is { } pattern)
                {
                    return values.Any(v => ValueEquals(pattern, v, exact: false));
                }
                if (target.Definition.Binding is { Strength: BindingStrength.Required, ValueSet: { } valueSet })
                {
                    return values.Any(v => CodesOf(v).Any(c => terminology.ValidateCode(valueSet, c.System, c.Code, null).IsValid));
                }
                return false;
            case ElementDefinition.DiscriminatorType.Exists:
                return target is not null && (target.Min > 0 ? values.Count > 0 : target.Max == 0 ? values.Count == 0 : true);
            case ElementDefinition.DiscriminatorType.Type:
                return target is not null && values.Count > 0 && values.All(v => target.Definition.Type.Any(t => TypeMatches(t.Code, v)));
            case ElementDefinition.DiscriminatorType.Profile:
                if (target is null || values.Count == 0)
                {
                    return false;
                }
                var profiles = target.Definition.Type.SelectMany(t => t.Profile.Concat(t.TargetProfile)).OfType<string>().ToList();
                return profiles.Any(profile => values.All(v => ConformsTo(v, profile, scope)));
            default:
                return false;
        }
    }

    private IReadOnlyList<Base> SelectSafe(Base item, string path)
    {
        try
        {
            return fhirPath.Compile(path).Select(item);
        }
        catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException)
        {
            return [];
        }
    }

    private static IEnumerable<(string? System, string Code)> CodesOf(Base value) => value switch
    {
        Coding { Code: { } code } c => [(c.System, code)],
        CodeableConcept cc => cc.Coding.Where(c => c.Code is not null).Select(c => (c.System, c.Code!)),
        PrimitiveType p when p.ToString() is { } text => [((string?)null, text)],
        _ => [],
    };

    /// <summary>Does the value conform to the profile? Checked with a scratch issue list so nothing leaks into the result.</summary>
    private bool ConformsTo(Base value, string profile, ResourceScope scope)
    {
        var tree = trees.For(profile);
        if (tree is null)
        {
            return false;
        }
        var scratch = new InstanceWalker(trees, terminology, fhirPath, rules, new IssueList());
        if (value is Resource resource)
        {
            scratch.ValidateResource(resource, resource.TypeName, [profile], scope);
        }
        else
        {
            scratch.ValidateElement(tree, tree.Root, value, value.TypeName, scope);
        }
        return !scratch.Issues.HasErrors;
    }

    /// <summary>The element definition a discriminator path points to inside a slice.</summary>
    private ElementNode? Navigate(ElementNode slice, string path)
    {
        var node = slice;
        foreach (var rawSegment in path.Split('.'))
        {
            var segment = rawSegment;
            if (segment is "$this" || segment.StartsWith("ofType(", StringComparison.Ordinal))
            {
                continue;
            }
            if (segment.StartsWith("extension(", StringComparison.Ordinal))
            {
                var url = segment["extension(".Length..^1].Trim('\'', '"');
                var extensions = node.Child("extension");
                node = extensions?.Slices.FirstOrDefault(s => s.Definition.Type.Any(t => t.Profile.Contains(url)));
                if (node is null)
                {
                    return null;
                }
                continue;
            }
            var children = node.Children.Count > 0 ? node.Children : ChildrenOfType(node);
            node = children.FirstOrDefault(c => c.Name == segment || c.InstanceName == segment);
            if (node is null)
            {
                return null;
            }
        }
        return node;
    }

    private List<ElementNode> ChildrenOfType(ElementNode node)
    {
        var type = node.Definition.Type.FirstOrDefault();
        var profile = type?.Profile.FirstOrDefault();
        var tree = (profile is null ? null : trees.For(profile)) ?? (type?.Code is { } code ? trees.ForType(code) : null);
        return tree?.Root.Children ?? [];
    }
}
