namespace Bayu.Cli.Import;

/// <summary>Where units go: a running server over HTTP, or a store opened directly.</summary>
internal interface IImportTarget : IAsyncDisposable
{
    string Description { get; }

    /// <summary>Checks the target is reachable before anything is read; throws a usage error when not.</summary>
    Task CheckAsync(CancellationToken ct);

    /// <summary>Processes one unit and returns one outcome per entry, in entry order.</summary>
    Task<IReadOnlyList<EntryOutcome>> SendAsync(ImportUnit unit, CancellationToken ct);

    /// <summary>After the last unit: lets the target settle (a store refreshes its planner statistics).</summary>
    Task FinishAsync(CancellationToken ct);
}
