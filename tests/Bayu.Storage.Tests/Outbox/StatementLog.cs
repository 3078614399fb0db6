using System.Collections.Concurrent;
using System.Diagnostics;
using Bayu.Storage.Sqlite;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>
/// The SQL a store sends, as the driver or the engine sees it: PostgreSQL through Npgsql's
/// ActivitySource (one activity per command or batch, scoped to the test's own parent activity),
/// SQLite through sqlite3_trace on the store's one pooled native connection.
/// </summary>
public sealed class StatementLog : IDisposable
{
    private readonly ConcurrentQueue<string> _statements = new();
    private readonly ActivityListener? _listener;
    private readonly Activity? _scope;
    private readonly SQLitePCL.sqlite3? _traced;

    private StatementLog(ActivityListener? listener, Activity? scope, SQLitePCL.sqlite3? traced)
    {
        _listener = listener;
        _scope = scope;
        _traced = traced;
    }

    public IReadOnlyList<string> Statements => [.. _statements];

    public void Clear() => _statements.Clear();

    /// <summary>A store over <paramref name="database"/> whose statements this log records from now on.</summary>
    /// <remarks>Not async: the scope activity it starts must stay current in the caller's flow.</remarks>
    public static (SqlResourceStore Store, StatementLog Log) Open(TestDatabase database)
    {
        if (database.Provider == StoreProvider.Sqlite)
        {
            var dialect = new SqliteDialect(database.SqlitePath);
            var store = new SqlResourceStore(dialect);
            // Opened and returned: the pool hands this native connection to the store's next open.
            using var connection = (Microsoft.Data.Sqlite.SqliteConnection)dialect.OpenAsync(default).GetAwaiter().GetResult();
            var handle = connection.Handle!;
            var log = new StatementLog(null, null, handle);
            SQLitePCL.raw.sqlite3_trace(handle, (SQLitePCL.strdelegate_trace)((_, sql) => log._statements.Enqueue(sql)), null);
            return (store, log);
        }
        var scope = new Activity("bayu-statement-log-" + Guid.NewGuid().ToString("N")).Start();
        StatementLog? created = null;
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == scope.TraceId)
                {
                    created!._statements.Enqueue(activity.GetTagItem("db.query.text") as string ?? activity.GetTagItem("db.statement") as string ?? activity.DisplayName);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        created = new StatementLog(listener, scope, null);
        return ((SqlResourceStore)ResourceStores.Postgres(database.ConnectionString!), created);
    }

    public void Dispose()
    {
        if (_traced is not null)
        {
            SQLitePCL.raw.sqlite3_trace(_traced, (SQLitePCL.strdelegate_trace?)null, null);
        }
        _listener?.Dispose();
        _scope?.Stop();
    }
}
