using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bayu.Fhir.Terminology;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Validation;

/// <summary>Value rules: fixed and pattern values, primitive formats, bindings and code systems.</summary>
internal sealed partial class InstanceWalker
{
    private const string RegexExtension = "http://hl7.org/fhir/StructureDefinition/regex";

    // Primitive type name -> the regex of its definition (null when it has none); shared by all walkers.
    private static readonly ConcurrentDictionary<string, Regex?> s_primitiveRegexes = new(StringComparer.Ordinal);

    private void CheckFixedAndPattern(ElementNode def, Base instance, string path)
    {
        if (def.Definition.Fixed is { } fixedValue && !ValueEquals(fixedValue, instance, exact: true))
        {
            issues.Error(IssueType.Value, path, "fixed", $"{path}: value must be exactly {Describe(fixedValue)}, found {Describe(instance)}.");
        }
        if (def.Definition.Pattern is { } pattern && !ValueEquals(pattern, instance, exact: false))
        {
            issues.Error(IssueType.Value, path, "pattern", $"{path}: value must match the pattern {Describe(pattern)}, found {Describe(instance)}.");
        }
    }

    internal static bool ValueEquals(Base expected, Base actual, bool exact)
    {
        if (expected is PrimitiveType e && actual is PrimitiveType a)
        {
            // Compare values, not model types: a fixed uri and an instance string attribute are equal when their text is.
            return string.Equals(e.ToString(), a.ToString(), StringComparison.Ordinal);
        }
        return exact ? actual.IsExactly(expected) : actual.Matches(expected);
    }

    private static string Describe(Base value) => value switch
    {
        PrimitiveType p => $"'{p}'",
        Coding c => $"{c.System}#{c.Code}",
        CodeableConcept cc => string.Join(" or ", cc.Coding.Select(c => $"{c.System}#{c.Code}")),
        Identifier id => $"identifier {id.System}|{id.Value}",
        _ => value.TypeName,
    };

    private void CheckPrimitiveFormat(Base instance, string path)
    {
        // The regexes of string and markdown only say "not just whitespace", written with Java's
        // ASCII-only \s; .NET's \s would wrongly refuse text containing non-breaking spaces.
        if (instance is not PrimitiveType { JsonValue: string text } primitive || primitive.TypeName is "string" or "markdown")
        {
            return;
        }
        var regex = s_primitiveRegexes.GetOrAdd(primitive.TypeName, LoadRegex);
        if (regex is not null && !regex.IsMatch(text))
        {
            issues.Error(IssueType.Value, path, "format", $"{path}: '{text}' is not a valid {primitive.TypeName}.");
        }
    }

    private Regex? LoadRegex(string typeName)
    {
        var value = trees.ForType(typeName)?.Root.Children.FirstOrDefault(c => c.Name == "value");
        var pattern = value?.Definition.Type.FirstOrDefault()?.GetStringExtension(RegexExtension);
        // The specification's regexes backtrack badly on large values (base64Binary); the
        // non-backtracking engine matches in linear time.
        return pattern is null ? null : new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private void CheckBinding(ElementNode def, Base instance, string path)
    {
        var binding = def.Definition.Binding;
        if (binding?.ValueSet is not { } valueSet || binding.Strength is null or BindingStrength.Example)
        {
            return;
        }
        var codings = instance switch
        {
            Code code when code.Value is not null => [(null, code.Value, null)],
            PrimitiveType { TypeName: "code" } code when code.ToString() is { } c => [(null, c, null)],
            FhirString s when s.Value is not null => [(null, s.Value, null)],
            FhirUri u when u.Value is not null => [(null, u.Value, null)],
            Coding c when c.Code is not null => [(c.System, c.Code, c.Display)],
            CodeableConcept cc => cc.Coding.Where(c => c.Code is not null).Select(c => (c.System, c.Code!, c.Display)).ToList(),
            Quantity q when q.Code is not null => [(q.System, q.Code, (string?)null)],
            _ => new List<(string?, string, string?)>(),
        };
        var severity = binding.Strength switch
        {
            BindingStrength.Required => IssueSeverity.Error,
            BindingStrength.Extensible => IssueSeverity.Warning,
            _ => IssueSeverity.Information,
        };
        var strength = binding.Strength.ToString()!.ToLowerInvariant();
        if (codings.Count == 0)
        {
            if (instance is CodeableConcept && binding.Strength is BindingStrength.Required or BindingStrength.Extensible)
            {
                issues.Add(severity, IssueType.CodeInvalid, path, "binding", $"{path}: no code given, but a code from value set '{valueSet}' is {strength}.");
            }
            return;
        }
        var results = codings.Select(c => (Coding: c, Check: terminology.ValidateCode(valueSet, c.Item1, c.Item2, c.Item3))).ToList();
        foreach (var (_, check) in results)
        {
            if (check.DisplayWarning is { } warning)
            {
                issues.Warning(IssueType.CodeInvalid, path, "display", $"{path}: {warning}");
            }
        }
        if (results.Any(r => r.Check.IsValid))
        {
            return;
        }
        if (results.All(r => r.Check.Status == CodeCheckStatus.NotChecked))
        {
            issues.Information(IssueType.Informational, path, "binding-not-checked", $"{path}: {results[0].Check.Message}");
            return;
        }
        var shown = string.Join(", ", results.Select(r => r.Coding.Item1 is null ? $"'{r.Coding.Item2}'" : $"'{r.Coding.Item1}#{r.Coding.Item2}'"));
        issues.Add(severity, IssueType.CodeInvalid, path, "binding",
            $"{path}: {shown} is not in value set '{valueSet}' ({strength} binding).");
    }

    private void CheckCodingSystems(Base instance, string path)
    {
        // A code that its (locally known, complete) code system does not define is wrong whatever the binding.
        if (instance is not Coding { System: { } system, Code: { } code })
        {
            return;
        }
        var check = terminology.ValidateCodeInSystem(system, code);
        if (check.Status == CodeCheckStatus.Invalid)
        {
            issues.Error(IssueType.CodeInvalid, path, "code-invalid", $"{path}: {check.Message}");
        }
    }
}
