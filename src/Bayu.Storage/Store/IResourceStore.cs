using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;
using Bayu.Storage.Search;

namespace Bayu.Storage.Store;

/// <summary>
/// The versioned FHIR resource store: one interface, one implementation per database provider.
/// It persists what the write path (the FHIR engine (Bayu.Engine)) prepared; it never parses FHIR.
/// </summary>
public interface IResourceStore : IAsyncDisposable
{
    StoreProvider Provider { get; }

    /// <summary>Creates or upgrades the store's own schema; safe to call on every start.</summary>
    Task MigrateAsync(CancellationToken ct = default);

    /// <summary>
    /// Creates or upgrades the store's schema and then each module's (outbox, jobs, a module's own
    /// tables), in one transaction under the migration lock; safe to call on every start and from
    /// several processes at once.
    /// </summary>
    Task MigrateAsync(IEnumerable<MigrationSet> modules, CancellationToken ct = default);

    /// <summary>Starts a write transaction. Everything written through it commits together or not at all.</summary>
    Task<IStoreSession> BeginAsync(CancellationToken ct = default);

    Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct = default);

    Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken ct = default);

    Task<IReadOnlyList<StoredResource>> HistoryAsync(HistoryQuery query, CancellationToken ct = default);

    Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default);

    /// <summary>
    /// Current, non-deleted resources of one type in id order, after <paramref name="afterId"/>
    /// (null: from the start): the walk of a long job that resumes from the last id it finished.
    /// </summary>
    Task<IReadOnlyList<StoredResource>> ScanCurrentAsync(string resourceType, string? afterId, int limit, CancellationToken ct = default);

    /// <summary>Number of current, non-deleted resources per type (for summaries and checks).</summary>
    Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default);

    /// <summary>
    /// Refreshes the query planner's statistics. Call after a bulk load: with the statistics of an
    /// empty table, PostgreSQL drove a token search from the resource table (176 ms instead of 1.3 ms).
    /// </summary>
    Task RefreshStatisticsAsync(CancellationToken ct = default);
}

/// <summary>One open write transaction.</summary>
public interface IStoreSession : IAsyncDisposable
{
    /// <summary>The current version (possibly a deletion marker), locked against concurrent writers until commit.</summary>
    Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken ct = default);

    /// <summary>Searches inside the transaction, seeing its own uncommitted writes.</summary>
    Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default);

    /// <summary>
    /// Holds a lock named by <paramref name="key"/> until the transaction ends, so conditional
    /// interactions on the same criteria (search, then write) take turns instead of racing.
    /// </summary>
    /// <param name="shared">For a search whose answer is only read (a conditional reference): shared
    /// holders do not wait for each other, only for an exclusive holder (a conditional write).</param>
    Task LockAsync(string key, bool shared, CancellationToken ct = default);

    /// <summary>Marks where <see cref="RollbackToSavepointAsync"/> returns to: a batch entry that may fail on its own.</summary>
    Task SavepointAsync(string name, CancellationToken ct = default);

    /// <summary>Sends the writes buffered since the savepoint (so a conflict is that entry's) and keeps them.</summary>
    Task ReleaseSavepointAsync(string name, CancellationToken ct = default);

    /// <summary>Undoes everything since the savepoint, buffered writes included, and keeps what came before.</summary>
    Task RollbackToSavepointAsync(string name, CancellationToken ct = default);

    /// <summary>Replaces the search index rows of a current version (a reindex: no new version, no event).</summary>
    Task ReindexAsync(StoredResource current, Indexing.ResourceIndex index, CancellationToken ct = default);

    /// <summary>Appends a version. Writes may be buffered until the next read, search or commit.</summary>
    Task WriteAsync(ResourceWrite write, CancellationToken ct = default);

    /// <summary>
    /// Appends an explicit event for the handlers subscribed to its kind; it commits with this
    /// transaction and vanishes with a rollback (to a savepoint too). A no-op when no handler is.
    /// </summary>
    Task AppendEventAsync(OutboxEvent outboxEvent, CancellationToken ct = default);

    Task CommitAsync(CancellationToken ct = default);
}

public enum StoreProvider
{
    Sqlite,
    Postgres,
}

/// <summary>History query: instance (type and id), type (type only) or system (neither).</summary>
public sealed record HistoryQuery(
    string? ResourceType,
    string? Id,
    DateTimeOffset? Since,
    DateTimeOffset? At,
    int Count,
    int Offset = 0);
