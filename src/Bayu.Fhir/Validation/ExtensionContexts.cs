using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Validation;

/// <summary>Where the extension sits: the element that holds it, described every way a context can name it.</summary>
/// <param name="Paths">Element paths of the holder, e.g. <c>Patient.birthDate</c> (instance path from the resource) and
/// <c>HumanName.given</c> (definition path inside a data type); indexes and <c>[x]</c> removed.</param>
/// <param name="Types">The holder's type and the types it derives from, e.g. <c>Age, Quantity, Element</c>.</param>
/// <param name="ParentExtensionUrl">The url of the extension holding this one, for contexts of type <c>extension</c>.</param>
internal sealed record ExtensionPlacement(IReadOnlyList<string> Paths, IReadOnlyList<string> Types, string? ParentExtensionUrl);

/// <summary>
/// The <c>StructureDefinition.context</c> rules of FHIR R4 (§2.21.0.7 "Defining extensions: context")
/// for contexts of type <c>element</c> and <c>extension</c>; <c>fhirpath</c> contexts need the
/// instance and are evaluated by the walker. Pure functions over paths and type names.
/// </summary>
internal static partial class ExtensionContexts
{
    /// <summary>Resource types that R5 groups as CanonicalResource and that exist in R4 (R4 has no such type to name).</summary>
    /// <remarks>Declared before <see cref="Errata"/>, which uses it: static fields initialise in order.</remarks>
    internal static readonly string[] CanonicalResources =
    [
        "ActivityDefinition", "CapabilityStatement", "ChargeItemDefinition", "CodeSystem", "CompartmentDefinition", "ConceptMap",
        "EffectEvidenceSynthesis", "EventDefinition", "Evidence", "EvidenceVariable", "ExampleScenario", "GraphDefinition",
        "ImplementationGuide", "Library", "Measure", "MessageDefinition", "NamingSystem", "OperationDefinition", "PlanDefinition",
        "Questionnaire", "ResearchDefinition", "ResearchElementDefinition", "RiskEvidenceSynthesis", "SearchParameter",
        "StructureDefinition", "StructureMap", "TerminologyCapabilities", "TestScript", "ValueSet",
    ];

    /// <summary>
    /// Contexts R4 4.0.1 declares too narrowly for how its own definitions use the extension. The
    /// HL7 reference validator (org.hl7.fhir.validation, <c>InstanceValidator.fixContexts</c>) makes
    /// the same corrections, and later releases changed the definitions to match; without them every
    /// core StructureDefinition fails. Only these extensions get extra contexts.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, (string[] Contexts, string Reason)> Errata = new Dictionary<string, (string[], string)>(StringComparer.Ordinal)
    {
        ["http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type"] = (["ElementDefinition.type"],
            "declared on ElementDefinition.type.code, but R4's own snapshots put it on ElementDefinition.type (the type of every id and primitive value element); R5 moved the context there"),
        ["http://hl7.org/fhir/StructureDefinition/regex"] = (["ElementDefinition.type"],
            "declared on ElementDefinition and Questionnaire.item, but R4's own snapshots put it on ElementDefinition.type of primitive value elements (FHIR-13328)"),
        ["http://hl7.org/fhir/StructureDefinition/structuredefinition-normative-version"] = ([.. CanonicalResources, "ElementDefinition"],
            "declared on StructureDefinition only, but R4 uses it on every normative canonical resource and on ElementDefinition; R5 declares CanonicalResource and ElementDefinition"),
    };

    // Values inside an ElementDefinition's fixed, pattern, default and example values are instances of
    // the constrained element, whose path is unknown here: any extension may appear in them (the
    // reference validator skips the check there too).
    [GeneratedRegex(@"(^|\.)(snapshot|differential)\.element\.(fixed|pattern|defaultValue|example\.value|minValue|maxValue)(\.|$)|^ElementDefinition\.(fixed|pattern|defaultValue|example\.value|minValue|maxValue)(\.|$)")]
    private static partial Regex ElementDefinitionValue();

    /// <summary>The element-type and extension-type contexts of the definition (with errata), as declared.</summary>
    public static IEnumerable<StructureDefinition.ContextComponent> Declared(StructureDefinition definition)
    {
        foreach (var context in definition.Context)
        {
            yield return context;
        }
        if (definition.Url is { } url && Errata.TryGetValue(url, out var errata))
        {
            foreach (var expression in errata.Contexts)
            {
                yield return new StructureDefinition.ContextComponent { Type = StructureDefinition.ExtensionContextType.Element, Expression = expression };
            }
        }
    }

    /// <summary>True when the holder lies inside an ElementDefinition's example, fixed, pattern or default value.</summary>
    public static bool IsInsideDefinitionValue(ExtensionPlacement placement) => placement.Paths.Any(p => ElementDefinitionValue().IsMatch(p));

    /// <summary>Whether one context of type <c>element</c> or <c>extension</c> admits the placement.</summary>
    /// <param name="ancestorsOf">The type and its base types by name (e.g. <c>Age</c> → Age, Quantity, Element), empty for non-types.</param>
    public static bool Admits(StructureDefinition.ContextComponent context, ExtensionPlacement placement, Func<string, IReadOnlyList<string>> ancestorsOf)
    {
        if (context.Expression is not { Length: > 0 } expression)
        {
            return false;
        }
        if (context.Type == StructureDefinition.ExtensionContextType.Extension)
        {
            return placement.ParentExtensionUrl is { } parentUrl && parentUrl == expression;
        }
        if (context.Type != StructureDefinition.ExtensionContextType.Element)
        {
            return false;
        }
        // "Element" (and the abstract Base) admit every element; a type name admits that type and
        // every type derived from it (Quantity admits Age, Resource admits every resource).
        if (expression is "Element" or "Base" || placement.Types.Contains(expression, StringComparer.Ordinal))
        {
            return true;
        }
        var wanted = StripChoice(expression);
        foreach (var path in placement.Paths)
        {
            if (path == wanted)
            {
                return true;
            }
            // A path that starts at a base type (Quantity.value) admits the same path on a derived
            // type (Age.value): the reference validator walks the base definitions the same way.
            var dot = path.IndexOf('.', StringComparison.Ordinal);
            var head = dot < 0 ? path : path[..dot];
            var tail = dot < 0 ? "" : path[dot..];
            foreach (var ancestor in ancestorsOf(head))
            {
                if (ancestor + tail == wanted)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>An element path without indexes, <c>ofType()</c> and <c>[x]</c>: <c>Observation.value</c>.</summary>
    public static string Normalise(string path) => StripChoice(IndexOrType().Replace(path, ""));

    [GeneratedRegex(@"\[\d+\]|\.ofType\([^)]*\)")]
    private static partial Regex IndexOrType();

    private static string StripChoice(string path) => path.Replace("[x]", "", StringComparison.Ordinal);
}
