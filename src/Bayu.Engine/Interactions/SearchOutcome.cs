using Bayu.Storage.Search;

namespace Bayu.Engine.Interactions;

/// <summary>A search as the engine ran it: the parsed (and possibly narrowed) query and its page.</summary>
public sealed record SearchOutcome(SearchQuery Query, SearchResult Result)
{
    /// <summary>Whether a page follows this one.</summary>
    public bool HasMore => Query.Count > 0 && (Result.Total is { } total ? Query.Offset + Query.Count < total : Result.Resources.Count == Query.Count);
}

/// <param name="Lenient">Unknown parameters are ignored and reported instead of refused (Prefer: handling=lenient).</param>
/// <param name="CountOnly">Only the total is wanted (<c>_summary=count</c>): no page.</param>
public sealed record SearchOptions(bool Lenient = false, bool CountOnly = false)
{
    public static SearchOptions Default { get; } = new();
}
