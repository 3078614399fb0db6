using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Extensions: known definition, allowed context, and content checked against the definition.</summary>
internal sealed partial class InstanceWalker
{
    /// <summary>Checks an extension no slice claimed; true when its content should still be walked against the base Extension.</summary>
    private bool CheckExtension(Extension extension, ElementNode def, string path, Base parent, ResourceScope scope, string parentDefinitionPath)
    {
        var isModifier = def.InstanceName == "modifierExtension";
        if (extension.Url is not { Length: > 0 } url)
        {
            issues.Error(IssueType.Required, path, "extension", $"{path}: an extension must have a url.");
            return true;
        }
        var tree = trees.For(url);
        if (tree is null)
        {
            if (isModifier)
            {
                issues.Error(IssueType.Extension, path, "extension", $"{path}: modifier extension '{url}' is unknown; a receiver cannot safely ignore it.");
            }
            else
            {
                issues.Warning(IssueType.Extension, path, "extension", $"{path}: extension '{url}' is unknown here, so its content was not checked.");
            }
            return true;
        }
        if (tree.Definition.Type != "Extension")
        {
            issues.Error(IssueType.Extension, path, "extension", $"{path}: '{url}' is a {tree.Definition.Type} definition, not an extension.");
            return false;
        }
        CheckContext(tree.Definition, extension, def, path, parent, scope, parentDefinitionPath);
        var isModifierDefinition = tree.Root.Children.FirstOrDefault()?.Definition.IsModifier == true || tree.Root.Definition.IsModifier == true;
        if (isModifierDefinition && !isModifier)
        {
            issues.Error(IssueType.Extension, path, "extension", $"{path}: '{url}' is a modifier extension and must be sent as modifierExtension.");
        }
        ValidateElement(tree, tree.Root, extension, path, scope);
        return false;
    }

    /// <summary>
    /// The extension's <c>context</c> (any one must admit the element holding it) and then its
    /// <c>contextInvariant</c>s, evaluated on that element with <c>%extension</c> bound.
    /// </summary>
    private void CheckContext(StructureDefinition definition, Extension extension, ElementNode def, string path, Base parent, ResourceScope scope, string parentDefinitionPath)
    {
        var url = extension.Url;
        var contexts = ExtensionContexts.Declared(definition).ToList();
        if (contexts.Count > 0)
        {
            var placement = PlacementOf(def, path, parent, scope, parentDefinitionPath);
            if (!ExtensionContexts.IsInsideDefinitionValue(placement) && !contexts.Any(c => ContextAdmits(c, placement, parent, path, scope)))
            {
                var allowed = string.Join(", ", definition.Context.Select(c => c.Type == StructureDefinition.ExtensionContextType.Element ? c.Expression : $"{c.Expression} ({c.Type?.ToString().ToLowerInvariant()})"));
                issues.Error(IssueType.Extension, path, "extension-context",
                    $"{path}: extension '{url}' is not allowed on {placement.Paths[0]} (allowed contexts: {allowed}).");
                return;
            }
        }
        foreach (var invariant in definition.ContextInvariant.OfType<string>().Where(i => !string.IsNullOrWhiteSpace(i)))
        {
            try
            {
                var context = new FhirPathContext
                {
                    Resource = scope.Resource,
                    RootResource = scope.Root,
                    Variables = new Dictionary<string, IReadOnlyList<Base>>(StringComparer.Ordinal) { ["extension"] = [extension] },
                };
                if (fhirPath.Compile(invariant).Select(parent, context) is [PrimitiveType { JsonValue: false }])
                {
                    issues.Error(IssueType.Extension, path, "extension-context",
                        $"{path}: extension '{url}' is not allowed here: its context invariant '{invariant}' is false on {HolderPath(path)}.");
                }
            }
            catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException or InvalidOperationException or NotSupportedException or ArgumentException)
            {
                issues.Warning(IssueType.Exception, path, "extension-context", $"{path}: the context invariant '{invariant}' of extension '{url}' could not be evaluated ({e.Message}).");
            }
        }

        static string HolderPath(string extensionPath) => extensionPath[..Math.Max(extensionPath.LastIndexOf(".extension", StringComparison.Ordinal), extensionPath.LastIndexOf(".modifierExtension", StringComparison.Ordinal))];
    }

    private bool ContextAdmits(StructureDefinition.ContextComponent context, ExtensionPlacement placement, Base parent, string path, ResourceScope scope)
    {
        if (context.Type != StructureDefinition.ExtensionContextType.Fhirpath)
        {
            return ExtensionContexts.Admits(context, placement, trees.TypeAncestors);
        }
        // "The context is all elements that match the FHIRPath query found in the expression",
        // evaluated from the resource: the holder must be one of the elements selected.
        if (context.Expression is not { Length: > 0 } expression)
        {
            return false;
        }
        try
        {
            var selected = fhirPath.Compile(expression).Select(scope.Resource, new FhirPathContext { Resource = scope.Resource, RootResource = scope.Root });
            return selected.Any(s => ReferenceEquals(s, parent));
        }
        catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            issues.Warning(IssueType.Exception, path, "extension-context", $"{path}: the FHIRPath context '{expression}' could not be evaluated ({e.Message}); the placement was not checked.");
            return true;
        }
    }

    /// <summary>The holder of the extension named every way a context can name it (see <see cref="ExtensionPlacement"/>).</summary>
    private ExtensionPlacement PlacementOf(ElementNode def, string path, Base parent, ResourceScope scope, string parentDefinitionPath)
    {
        var paths = new List<string> { ElementPathOfParent(path, scope) };
        // Inside a data type's definition the extension element is e.g. HumanName.extension: its
        // parent path names the holder by the data type (the walker may be several types deep).
        if (def.Definition.Path is { } p && p.LastIndexOf('.') is var dot and > 0)
        {
            paths.Add(ExtensionContexts.Normalise(p[..dot]));
        }
        paths.Add(ExtensionContexts.Normalise(parentDefinitionPath));
        var types = parent switch
        {
            Resource resource => trees.TypeAncestors(resource.TypeName),
            BackboneElement => ["BackboneElement", "Element"],
            _ when trees.TypeAncestors(parent.TypeName) is { Count: > 0 } ancestors => ancestors,
            // Element-typed parts of data types (ElementDefinition.type, Timing.repeat) have no type of their own.
            _ => ["Element"],
        };
        return new ExtensionPlacement([.. paths.Distinct(StringComparer.Ordinal)], types, (parent as Extension)?.Url);
    }

    /// <summary>
    /// The definition path of the extension's parent, e.g. <c>Patient.birthDate</c> for
    /// <c>Bundle.entry[0].resource.birthDate.extension[0]</c>: contexts name element paths, while
    /// the walker may be inside the definition of a data type (<c>date</c>).
    /// </summary>
    internal static string ElementPathOfParent(string path, ResourceScope scope)
    {
        var parentPath = path[..Math.Max(path.LastIndexOf(".extension", StringComparison.Ordinal), path.LastIndexOf(".modifierExtension", StringComparison.Ordinal))];
        var relative = parentPath.Length >= scope.Path.Length ? parentPath[scope.Path.Length..] : "";
        return ExtensionContexts.Normalise(scope.Resource.TypeName + relative);
    }
}
