using Hl7.Fhir.Model;

namespace Bayu.Storage.Search;

/// <summary>A parsed, validated search: criteria are ANDed; the values inside one criterion are ORed.</summary>
public sealed class SearchQuery
{
    public const int DefaultCount = 20;
    public const int MaxCount = 1000;

    public required string ResourceType { get; init; }
    public List<SearchCriterion> Criteria { get; } = [];
    public List<SortKey> Sort { get; } = [];
    public int Count { get; set; } = DefaultCount;
    public int Offset { get; set; }
    public bool IncludeTotal { get; set; }

    /// <summary>Parameters ignored under lenient handling, reported back to the client.</summary>
    public List<string> Ignored { get; } = [];
}

/// <param name="Param">The search parameter code (<c>_id</c> and <c>_lastUpdated</c> address the resource row).</param>
/// <param name="TargetType">For <c>reference</c> with a type modifier (<c>subject:Patient</c>).</param>
public sealed record SearchCriterion(string Param, SearchParamType Type, SearchModifier Modifier, IReadOnlyList<SearchValue> Values, string? TargetType = null);

public enum SearchModifier
{
    None,
    Missing,
    Exact,
    Contains,
    Not,
    Text,
    Identifier,
    Above,
    Below,
}

public enum SearchPrefix
{
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Sa,
    Eb,
    Ap,
}

public abstract record SearchValue;

/// <param name="SystemGiven">True when the value had a <c>|</c>: <c>|code</c> means "no system".</param>
public sealed record TokenValue(string? System, string? Code, bool SystemGiven) : SearchValue;

public sealed record StringValue(string Raw) : SearchValue;

public sealed record DateValue(SearchPrefix Prefix, long Low, long High) : SearchValue;

/// <param name="Low">Lower bound implied by the value's precision.</param>
public sealed record NumberValue(SearchPrefix Prefix, double Value, double Low, double High) : SearchValue;

public sealed record QuantityValue(SearchPrefix Prefix, NumberValue Number, string? System, string? Code, NumberValue? Canonical, string? CanonicalCode) : SearchValue;

public sealed record ReferenceValue(string? Type, string? Id, string? Url) : SearchValue;

public sealed record UriValue(string Value) : SearchValue;

public sealed record MissingValue(bool Missing) : SearchValue;

public sealed record SortKey(string Param, SearchParamType Type, bool Descending);

/// <summary>One page of search results.</summary>
public sealed record SearchResult(IReadOnlyList<Store.StoredResource> Resources, long? Total);
