namespace Bayu.Storage.Writing;

/// <summary>Behaviour switches of the write path.</summary>
public sealed record RepositoryOptions
{
    /// <summary>Whether PUT may create a resource with a client-chosen id.</summary>
    public bool AllowCreateOnUpdate { get; init; } = true;
}
