using System.Collections.Concurrent;

namespace Bayu.Storage.Indexing;

/// <summary>
/// The parts of a family name, indexed besides the whole: R4 search says servers "SHOULD" match
/// the parts of a family name separately (https://hl7.org/fhir/R4/search.html#string), so
/// <c>family=Peña</c> finds "Núñez Peña" and <c>family=Smith</c> finds "Jones-Smith". Chinese
/// family names (欧阳, 王) have no separators and stay one value.
/// </summary>
public static class FamilyNameParts
{
    // Spaces, and hyphens as written: ASCII, Unicode hyphen, non-breaking hyphen.
    private static readonly char[] s_separators = [' ', '\t', '-', '\u2010', '\u2011', '\u00A0'];

    private static readonly ConcurrentDictionary<string, bool> s_selectsFamily = new(StringComparer.Ordinal);

    /// <summary>
    /// The exact column of a part's row: empty, which no whole value is (blank strings are not
    /// indexed) and no <c>:exact</c> search can ask for.
    /// </summary>
    public const string PartMarker = "";

    /// <summary>The parts after the first (the first is already a prefix of the whole value); empty for a one-part name.</summary>
    public static IEnumerable<string> Of(string? family) =>
        string.IsNullOrWhiteSpace(family)
            ? []
            : family.Split(s_separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1);

    /// <summary>
    /// Whether a search parameter's expression selects family names: a branch ending in
    /// <c>.family</c>, an element only HumanName has in R4 (e.g. <c>Patient.name.family | Practitioner.name.family</c>).
    /// </summary>
    public static bool Selects(string? expression) =>
        expression is not null && s_selectsFamily.GetOrAdd(expression, e => e.Split('|').Any(branch => branch.Trim().EndsWith(".family", StringComparison.Ordinal)));
}
