namespace Bayu.Storage.Indexing;

/// <summary>
/// The typed search index rows of one resource version, one list per table. Dates are UTC ticks
/// ranges; numbers and quantities are [low, high] ranges derived from the value's precision.
/// </summary>
public sealed class ResourceIndex
{
    public List<TokenRow> Tokens { get; } = [];
    public List<StringRow> Strings { get; } = [];
    public List<DateRow> Dates { get; } = [];
    public List<NumberRow> Numbers { get; } = [];
    public List<QuantityRow> Quantities { get; } = [];
    public List<ReferenceRow> References { get; } = [];
    public List<UriRow> Uris { get; } = [];

    public int Count => Tokens.Count + Strings.Count + Dates.Count + Numbers.Count + Quantities.Count + References.Count + Uris.Count;

    public static ResourceIndex Empty => new();
}

/// <param name="Text">Normalised display/text, for the <c>:text</c> modifier.</param>
public readonly record struct TokenRow(string Param, string? System, string? Code, string? Text);

/// <param name="Normalized">Case- and accent-folded value (Chinese unchanged).</param>
public readonly record struct StringRow(string Param, string Normalized, string Exact);

public readonly record struct DateRow(string Param, long Low, long High);

public readonly record struct NumberRow(string Param, double Low, double High);

/// <param name="CanonicalCode">UCUM canonical unit when the unit converts; null otherwise.</param>
public readonly record struct QuantityRow(string Param, string? System, string? Code, double Low, double High, string? CanonicalCode, double? CanonicalLow, double? CanonicalHigh);

/// <param name="TargetType">Resolved target type for local references (<c>Type/id</c>).</param>
/// <param name="Url">The reference as written when it is not local (absolute URL, canonical).</param>
public readonly record struct ReferenceRow(string Param, string? TargetType, string? TargetId, string? Url, string? IdentifierSystem, string? IdentifierValue);

public readonly record struct UriRow(string Param, string Value);
