using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Terminology;

/// <summary>
/// Value set expansion, code validation and look-up over the code systems and value sets in a
/// <see cref="DefinitionRegistry"/> (FHIR, v3 and Bayu's own). Expansions are cached.
/// </summary>
/// <remarks>
/// The SDK's <c>ValueSetExpander</c> throws on the v3 <c>is-a</c> value sets of the R4
/// definitions (see ADR 0401), so Bayu expands compose definitions itself; the rules are the
/// ones of the FHIR specification (ValueSet.compose, §4.9.5).
/// </remarks>
public sealed class TerminologyService
{
    private static readonly Lazy<TerminologyService> s_default = new(() => new TerminologyService(DefinitionRegistry.Default));

    private readonly DefinitionRegistry _registry;
    private readonly ConcurrentDictionary<string, CodeSystemIndex?> _codeSystems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ValueSetExpansion?> _expansions = new(StringComparer.Ordinal);

    public TerminologyService(DefinitionRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
    }

    /// <summary>The service over <see cref="DefinitionRegistry.Default"/>.</summary>
    public static TerminologyService Default => s_default.Value;

    /// <summary>Expands a value set by canonical URL; null when the value set is unknown.</summary>
    /// <exception cref="InvalidOperationException">The value set includes itself (directly or through others).</exception>
    public ValueSetExpansion? Expand(string valueSetUrl)
    {
        ArgumentNullException.ThrowIfNull(valueSetUrl);
        return Expand(valueSetUrl, []);
    }

    /// <summary>Finds a concept in a local code system; null when the system or the code is unknown.</summary>
    public ConceptInfo? Lookup(string system, string code)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(code);
        return CodeSystem(system)?.Find(code);
    }

    /// <summary>True when Bayu holds the complete code system, so its codes can be checked.</summary>
    public bool IsKnownSystem(string system) => CodeSystem(system) is { IsComplete: true };

    /// <summary><c>CodeSystem/$validate-code</c>: is the code defined in the system, and is the display right?</summary>
    public CodeCheck ValidateCodeInSystem(string system, string code, string? display = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(code);
        var index = CodeSystem(system);
        if (index is null || !index.IsComplete)
        {
            return new CodeCheck(CodeCheckStatus.NotChecked, $"Code system '{system}' is not available locally, so code '{code}' could not be checked.");
        }
        var concept = index.Find(code);
        if (concept is null)
        {
            return new CodeCheck(CodeCheckStatus.Invalid, $"Code '{code}' is not defined in code system '{system}'.");
        }
        var expanded = new ExpandedCode(system, concept.Code, concept.Display);
        return new CodeCheck(CodeCheckStatus.Valid, $"Code '{code}' is defined in '{system}'.", DisplayWarning(expanded, display), expanded);
    }

    /// <summary>
    /// <c>ValueSet/$validate-code</c>. <paramref name="system"/> may be null for a plain <c>code</c>
    /// element, whose system is implied by the value set.
    /// </summary>
    public CodeCheck ValidateCode(string valueSetUrl, string? system, string code, string? display = null)
    {
        ArgumentNullException.ThrowIfNull(valueSetUrl);
        ArgumentNullException.ThrowIfNull(code);
        var expansion = Expand(valueSetUrl);
        if (expansion is null)
        {
            return new CodeCheck(CodeCheckStatus.NotChecked, $"Value set '{valueSetUrl}' is not known, so code '{code}' could not be checked.");
        }
        var member = system is null ? expansion.FindCode(code).FirstOrDefault() : expansion.Find(system, code);
        if (member is not null)
        {
            return new CodeCheck(CodeCheckStatus.Valid, $"Code '{code}' is in value set '{valueSetUrl}'.", DisplayWarning(member, display), member);
        }
        var shown = system is null ? $"'{code}'" : $"'{system}#{code}'";
        if (system is not null && expansion.UncheckableSystems.Contains(system))
        {
            return new CodeCheck(CodeCheckStatus.NotChecked, $"Code {shown} is from a code system not available locally; membership in '{valueSetUrl}' could not be checked.");
        }
        if (system is null && !expansion.IsComplete)
        {
            return new CodeCheck(CodeCheckStatus.NotChecked, $"Code {shown} could not be checked against '{valueSetUrl}', which includes code systems not available locally.");
        }
        if (system is not null && CodeSystem(system) is { IsComplete: true } index && index.Find(code) is null)
        {
            return new CodeCheck(CodeCheckStatus.Invalid, $"Code {shown} is not defined in code system '{system}' (value set '{valueSetUrl}').");
        }
        return new CodeCheck(CodeCheckStatus.Invalid, $"Code {shown} is not in value set '{valueSetUrl}'.");
    }

    private static string? DisplayWarning(ExpandedCode member, string? display)
    {
        if (display is null || member.Display is null)
        {
            return null;
        }
        // Display comparison is case- and space-insensitive, as the HL7 validator does: the
        // meaning of the code is its code, the display is for people.
        static string Normalise(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return string.Equals(Normalise(member.Display), Normalise(display), StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Display '{display}' for code '{member.System}#{member.Code}' differs from the defined display '{member.Display}'.";
    }

    private CodeSystemIndex? CodeSystem(string system) =>
        _codeSystems.GetOrAdd(system, url => _registry.FindCodeSystem(url) is { } cs ? new CodeSystemIndex(cs) : null);

    private ValueSetExpansion? Expand(string url, HashSet<string> inProgress)
    {
        if (_expansions.TryGetValue(url, out var cached))
        {
            return cached;
        }
        var valueSet = _registry.FindValueSet(url);
        if (valueSet is null)
        {
            return null;
        }
        if (!inProgress.Add(url))
        {
            throw new InvalidOperationException($"Value set '{url}' includes itself.");
        }
        var expansion = Compute(url, valueSet, inProgress);
        inProgress.Remove(url);
        return _expansions.GetOrAdd(url, expansion);
    }

    private ValueSetExpansion Compute(string url, ValueSet valueSet, HashSet<string> inProgress)
    {
        var uncheckable = new HashSet<string>(StringComparer.Ordinal);
        var codes = new List<ExpandedCode>();
        if (valueSet.Compose is null)
        {
            // A value set shipped only with an expansion (rare in R4 core) is taken as given.
            foreach (var contains in Flatten(valueSet.Expansion?.Contains ?? []))
            {
                if (contains.System is not null && contains.Code is not null)
                {
                    codes.Add(new ExpandedCode(contains.System, contains.Code, contains.Display));
                }
            }
            return new ValueSetExpansion(url, codes, uncheckable);
        }

        var included = new List<ExpandedCode>();
        foreach (var include in valueSet.Compose.Include)
        {
            included.AddRange(Select(include, uncheckable, inProgress));
        }
        var excluded = new HashSet<(string, string)>();
        foreach (var exclude in valueSet.Compose.Exclude)
        {
            // Codes excluded from an uncheckable system cannot be enumerated; ignoring them only
            // risks accepting a code the value set excludes, which is reported as "not checked" anyway.
            foreach (var code in Select(exclude, new HashSet<string>(StringComparer.Ordinal), inProgress))
            {
                excluded.Add((code.System, code.Code));
            }
        }
        var seen = new HashSet<(string, string)>();
        foreach (var code in included)
        {
            if (!excluded.Contains((code.System, code.Code)) && seen.Add((code.System, code.Code)))
            {
                codes.Add(code);
            }
        }
        return new ValueSetExpansion(url, codes, uncheckable);
    }

    private static IEnumerable<ValueSet.ContainsComponent> Flatten(IEnumerable<ValueSet.ContainsComponent> contains)
    {
        foreach (var c in contains)
        {
            yield return c;
            foreach (var nested in Flatten(c.Contains))
            {
                yield return nested;
            }
        }
    }

    private List<ExpandedCode> Select(ValueSet.ConceptSetComponent set, HashSet<string> uncheckable, HashSet<string> inProgress)
    {
        List<ExpandedCode>? result = null;
        if (set.System is { } system)
        {
            result = SelectFromSystem(system, set, uncheckable);
        }
        foreach (var nestedUrl in set.ValueSet)
        {
            if (nestedUrl is null)
            {
                continue;
            }
            var nested = Expand(nestedUrl, inProgress);
            if (nested is null)
            {
                uncheckable.Add(nestedUrl);
                return [];
            }
            foreach (var s in nested.UncheckableSystems)
            {
                uncheckable.Add(s);
            }
            // Several value sets (and a system part) in one include intersect.
            result = result is null
                ? [.. nested.Codes]
                : [.. result.Where(c => nested.Contains(c.System, c.Code))];
        }
        return result ?? [];
    }

    private List<ExpandedCode> SelectFromSystem(string system, ValueSet.ConceptSetComponent set, HashSet<string> uncheckable)
    {
        var index = CodeSystem(system);
        if (set.Concept.Count > 0)
        {
            // An enumerated list needs no code system, but when the system is known, codes it does
            // not define are not members (the value set would be in error).
            return [.. set.Concept
                .Where(c => c.Code is not null && (index is null || !index.IsComplete || index.Find(c.Code) is not null))
                .Select(c => new ExpandedCode(system, c.Code!, c.Display ?? index?.Find(c.Code!)?.Display))];
        }
        if (index is null || !index.IsComplete)
        {
            uncheckable.Add(system);
            return [];
        }
        IEnumerable<string> codes = index.Codes;
        foreach (var filter in set.Filter)
        {
            var matching = Filter(index, filter);
            codes = codes.Where(matching.Contains);
        }
        return [.. codes.Select(code => new ExpandedCode(system, code, index.Find(code)!.Display))];
    }

    private static HashSet<string> Filter(CodeSystemIndex index, ValueSet.FilterComponent filter)
    {
        var value = filter.Value ?? "";
        var result = new HashSet<string>(StringComparer.Ordinal);
        switch (filter.Op)
        {
            case FilterOperator.IsA:
                result.UnionWith(index.SelfAndDescendants(value));
                break;
            case FilterOperator.DescendentOf:
                result.UnionWith(index.SelfAndDescendants(value).Where(c => c != value));
                break;
            case FilterOperator.IsNotA:
                var excluded = index.SelfAndDescendants(value).ToHashSet(StringComparer.Ordinal);
                result.UnionWith(index.Codes.Where(c => !excluded.Contains(c)));
                break;
            case FilterOperator.In:
                result.UnionWith(value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(c => index.Find(c) is not null));
                break;
            case FilterOperator.Equal when filter.Property is "concept" or "code":
                if (index.Find(value) is not null)
                {
                    result.Add(value);
                }
                break;
            case FilterOperator.Equal:
                result.UnionWith(index.Codes.Where(c => index.Find(c)!.Properties.GetValueOrDefault(filter.Property!) == value));
                break;
            case FilterOperator.Regex:
                var regex = new Regex($"^(?:{value})$", RegexOptions.None, TimeSpan.FromSeconds(1));
                result.UnionWith(index.Codes.Where(c => filter.Property is "code" or "concept" or null
                    ? regex.IsMatch(c)
                    : index.Find(c)!.Properties.GetValueOrDefault(filter.Property) is { } p && regex.IsMatch(p)));
                break;
            case FilterOperator.Exists:
                var wanted = value != "false";
                result.UnionWith(index.Codes.Where(c => index.Find(c)!.Properties.ContainsKey(filter.Property ?? "") == wanted));
                break;
            default:
                throw new NotSupportedException($"Value set filter operator '{filter.Op}' is not supported.");
        }
        return result;
    }
}
