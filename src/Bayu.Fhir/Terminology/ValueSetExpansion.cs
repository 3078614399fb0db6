namespace Bayu.Fhir.Terminology;

/// <summary>One code in an expansion.</summary>
public sealed record ExpandedCode(string System, string Code, string? Display);

/// <summary>
/// The result of expanding a value set locally. Codes from systems Bayu does not hold (SNOMED CT,
/// LOINC, UCUM …) cannot be enumerated; they are listed in <see cref="UncheckableSystems"/> so
/// that a caller can say "not checked" rather than "wrong".
/// </summary>
public sealed class ValueSetExpansion
{
    private readonly HashSet<(string System, string Code)> _members;
    private readonly Dictionary<(string System, string Code), ExpandedCode> _byKey;

    internal ValueSetExpansion(string url, IReadOnlyList<ExpandedCode> codes, IReadOnlySet<string> uncheckableSystems)
    {
        Url = url;
        Codes = codes;
        UncheckableSystems = uncheckableSystems;
        _byKey = [];
        foreach (var code in codes)
        {
            _byKey.TryAdd((code.System, code.Code), code);
        }
        _members = [.. _byKey.Keys];
    }

    public string Url { get; }

    public IReadOnlyList<ExpandedCode> Codes { get; }

    /// <summary>Systems whose codes this value set includes but which could not be enumerated here.</summary>
    public IReadOnlySet<string> UncheckableSystems { get; }

    /// <summary>True when every member is known, so an absent code is definitely not a member.</summary>
    public bool IsComplete => UncheckableSystems.Count == 0;

    public bool Contains(string system, string code) => _members.Contains((system, code));

    public ExpandedCode? Find(string system, string code) => _byKey.GetValueOrDefault((system, code));

    /// <summary>The members with this code in any system (used when an instance gives no system, e.g. a plain <c>code</c>).</summary>
    public IEnumerable<ExpandedCode> FindCode(string code) => Codes.Where(c => c.Code == code);
}
