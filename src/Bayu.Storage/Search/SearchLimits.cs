namespace Bayu.Storage.Search;

/// <summary>
/// Bounds on one search request, enforced by <see cref="SearchParser"/> before any value is parsed
/// or any SQL is built: a client cannot make one query arbitrarily large. The server binds them
/// from <c>Bayu:Limits</c>; each refusal names its configuration key.
/// </summary>
public sealed record SearchLimits
{
    public const string MaxValuesKey = "Bayu:Limits:MaxSearchValues";
    public const string MaxParametersKey = "Bayu:Limits:MaxSearchParameters";
    public const string MaxCountKey = "Bayu:Limits:MaxCount";

    public static SearchLimits Default { get; } = new();

    /// <summary>Comma-separated (ORed) values in one parameter, and keys in one <c>_sort</c>.</summary>
    public int MaxValuesPerParameter { get; init; } = 100;

    /// <summary>Parameters in one query, repeats (ANDed) included.</summary>
    public int MaxParameters { get; init; } = 50;

    /// <summary>Largest page: a larger <c>_count</c> is clamped to it (the spec lets a server return fewer).</summary>
    public int MaxCount { get; init; } = SearchQuery.MaxCount;
}
