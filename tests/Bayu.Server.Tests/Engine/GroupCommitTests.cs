using Bayu.Engine.Interactions;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Indexing;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Engine;

/// <summary>Group commit when the database's answer to COMMIT is lost (the connection breaks after the commit went through).</summary>
public abstract class GroupCommitTests(ServerFixture server)
{
    [Fact]
    public async Task GivenAGroupWhoseCommitWentThroughButItsAnswerWasLost_WhenEachWriteIsRetriedAlone_ThenEveryWriteIsAcknowledgedNotRefused()
    {
        var store = new LostAnswerStore(server.Services.GetRequiredService<IResourceStore>());
        var group = new GroupCommit(store);
        var writes = Enumerable.Range(0, 4).Select(_ => Create()).ToList();

        // The first write takes the turn alone and waits at its commit, so the other three queue
        // up and are committed together in the next turn: that commit goes through, then throws.
        var first = group.CommitAsync(writes[0].Write, writes[0].Result, CancellationToken.None);
        var grouped = writes.Skip(1).Select(w => group.CommitAsync(w.Write, w.Result, CancellationToken.None)).ToList();
        store.ReleaseFirstCommit();

        var results = await Task.WhenAll(grouped.Prepend(first));
        Assert.Equal(1, store.AnswersLost);
        Assert.All(results, r => Assert.Equal(WriteKind.Created, r.Kind));
        foreach (var (write, _) in writes)
        {
            var version = write.Version;
            Assert.NotNull(await store.ReadVersionAsync(version.ResourceType, version.Id, version.VersionId));
        }
    }

    private static (ResourceWrite Write, WriteResult Result) Create()
    {
        var id = Guid.NewGuid().ToString();
        var version = new StoredResource("Patient", id, 1, DateTimeOffset.UtcNow, false, $$$"""{"resourceType":"Patient","id":"{{{id}}}","meta":{"versionId":"1"}}""", StoredMethod.Create);
        return (new ResourceWrite(version, 0, ResourceIndex.Empty, null), new WriteResult(WriteKind.Created, version, null));
    }

    /// <summary>
    /// The real store, except that the first session's commit waits to be released, and the first
    /// commit of several writes goes through and then fails as a broken connection would.
    /// </summary>
    private sealed class LostAnswerStore(IResourceStore inner) : IResourceStore
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sessions;
        private int _answersLost;

        public int AnswersLost => _answersLost;

        public void ReleaseFirstCommit() => _release.SetResult();

        public StoreProvider Provider => inner.Provider;

        public async Task<IStoreSession> BeginAsync(CancellationToken ct = default) =>
            new Session(this, await inner.BeginAsync(ct), Interlocked.Increment(ref _sessions) == 1);

        public Task MigrateAsync(CancellationToken ct = default) => inner.MigrateAsync(ct);

        public Task MigrateAsync(IEnumerable<MigrationSet> modules, CancellationToken ct = default) => inner.MigrateAsync(modules, ct);

        public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct = default) => inner.ReadAsync(resourceType, id, ct);

        public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken ct = default) => inner.ReadVersionAsync(resourceType, id, versionId, ct);

        public Task<IReadOnlyList<StoredResource>> HistoryAsync(HistoryQuery query, CancellationToken ct = default) => inner.HistoryAsync(query, ct);

        public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default) => inner.SearchAsync(query, ct);

        public Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default) => inner.CountByTypeAsync(ct);

        public Task<IReadOnlyList<StoredResource>> ScanCurrentAsync(string resourceType, string? afterId, int limit, CancellationToken ct = default) => inner.ScanCurrentAsync(resourceType, afterId, limit, ct);

        public Task RefreshStatisticsAsync(CancellationToken ct = default) => inner.RefreshStatisticsAsync(ct);

        // The fixture owns the real store.
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Session(LostAnswerStore store, IStoreSession inner, bool held) : IStoreSession
        {
            private int _writes;

            public async Task CommitAsync(CancellationToken ct = default)
            {
                if (held)
                {
                    await store._release.Task;
                }
                await inner.CommitAsync(ct);
                if (_writes > 1 && Interlocked.Increment(ref store._answersLost) == 1)
                {
                    throw new IOException("test: the connection broke after COMMIT was sent");
                }
            }

            public Task WriteAsync(ResourceWrite write, CancellationToken ct = default)
            {
                _writes++;
                return inner.WriteAsync(write, ct);
            }

            public Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken ct = default) => inner.ReadCurrentAsync(resourceType, id, ct);

            public Task<SearchResult> SearchAsync(SearchQuery query, CancellationToken ct = default) => inner.SearchAsync(query, ct);

            public Task LockAsync(string key, bool shared, CancellationToken ct = default) => inner.LockAsync(key, shared, ct);

            public Task SavepointAsync(string name, CancellationToken ct = default) => inner.SavepointAsync(name, ct);

            public Task ReleaseSavepointAsync(string name, CancellationToken ct = default) => inner.ReleaseSavepointAsync(name, ct);

            public Task RollbackToSavepointAsync(string name, CancellationToken ct = default) => inner.RollbackToSavepointAsync(name, ct);

            public Task AppendEventAsync(OutboxEvent outboxEvent, CancellationToken ct = default) => inner.AppendEventAsync(outboxEvent, ct);

            public Task ReindexAsync(StoredResource current, Bayu.Storage.Indexing.ResourceIndex index, CancellationToken ct = default) => inner.ReindexAsync(current, index, ct);

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}

public sealed class GroupCommitTestsOnSqlite(SqliteServerFixture server) : GroupCommitTests(server), IClassFixture<SqliteServerFixture>;

public sealed class GroupCommitTestsOnPostgres(PostgresServerFixture server) : GroupCommitTests(server), IClassFixture<PostgresServerFixture>;
