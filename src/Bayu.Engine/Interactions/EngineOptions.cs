namespace Bayu.Engine.Interactions;

/// <summary>Behaviour switches of the engine, and the search limits it parses queries under.</summary>
public sealed record EngineOptions
{
    /// <summary>Whether PUT may create a resource with a client-chosen id.</summary>
    public bool AllowCreateOnUpdate { get; init; } = true;

    /// <summary>Bounds on one search (values per parameter, parameters per query, page size).</summary>
    public Bayu.Storage.Search.SearchLimits SearchLimits { get; init; } = Bayu.Storage.Search.SearchLimits.Default;

    /// <summary>
    /// Most batch entries committed in one database transaction; 0 for no bound (the whole batch in
    /// one). Also how many plain creates are validated and indexed together before their turn.
    /// </summary>
    public int BatchChunkEntries { get; init; } = 200;

    /// <summary>
    /// Longest a batch holds the write turn before it commits what it has and queues again behind
    /// the writers that arrived meanwhile; <see cref="TimeSpan.Zero"/> for no bound.
    /// </summary>
    public TimeSpan BatchChunkTime { get; init; } = TimeSpan.FromMilliseconds(50);
}
