namespace Bayu.Storage.Writing;

/// <summary>Behaviour switches of the write path, and the search limits it parses queries under.</summary>
public sealed record RepositoryOptions
{
    /// <summary>Whether PUT may create a resource with a client-chosen id.</summary>
    public bool AllowCreateOnUpdate { get; init; } = true;

    /// <summary>Bounds on one search (values per parameter, parameters per query, page size).</summary>
    public Search.SearchLimits SearchLimits { get; init; } = Search.SearchLimits.Default;
}
