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
        var contextPath = def.Definition.Path is { } p && p.LastIndexOf('.') is var dot and > 0 ? p[..dot] : parent.TypeName;
        var elementPath = ElementPathOfParent(path, scope);
        if (!ContextAllows(tree.Definition, parent, contextPath) && !ContextAllows(tree.Definition, parent, elementPath) && !ContextAllows(tree.Definition, parent, parentDefinitionPath))
        {
            var allowed = string.Join(", ", tree.Definition.Context.Select(c => c.Expression));
            issues.Error(IssueType.Extension, path, "extension-context",
                $"{path}: extension '{url}' is not allowed on {contextPath} (allowed contexts: {allowed}).");
        }
        var isModifierDefinition = tree.Root.Children.FirstOrDefault()?.Definition.IsModifier == true || tree.Root.Definition.IsModifier == true;
        if (isModifierDefinition && !isModifier)
        {
            issues.Error(IssueType.Extension, path, "extension", $"{path}: '{url}' is a modifier extension and must be sent as modifierExtension.");
        }
        ValidateElement(tree, tree.Root, extension, path, scope);
        return false;
    }

    private static bool ContextAllows(StructureDefinition definition, Base parent, string contextPath)
    {
        if (definition.Context.Count == 0)
        {
            return true;
        }
        foreach (var context in definition.Context)
        {
            var expression = context.Expression;
            switch (context.Type)
            {
                case StructureDefinition.ExtensionContextType.Fhirpath:
                    // Arbitrary FHIRPath contexts are rare; accepting them avoids false errors.
                    return true;
                case StructureDefinition.ExtensionContextType.Extension:
                    if (parent is Extension e && e.Url == expression)
                    {
                        return true;
                    }
                    break;
                default:
                    if (expression is null)
                    {
                        continue;
                    }
                    if (expression is "Element" or "Base" || expression == parent.TypeName || expression == contextPath
                        || (expression is "Resource" or "DomainResource" && parent is Resource)
                        || TypeMatches(expression, parent)
                        || contextPath.EndsWith("." + expression, StringComparison.Ordinal)
                        || StripChoice(expression) == StripChoice(contextPath))
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
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
        relative = System.Text.RegularExpressions.Regex.Replace(relative, @"\[\d+\]|\.ofType\([^)]*\)", "");
        return scope.Resource.TypeName + relative;
    }

    private static string StripChoice(string path) => path.Replace("[x]", "", StringComparison.Ordinal);
}
