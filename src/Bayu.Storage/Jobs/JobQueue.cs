using System.Data.Common;
using System.Globalization;
using Bayu.Storage.Search;
using Bayu.Storage.Store;

namespace Bayu.Storage.Jobs;

/// <summary>Enqueues durable jobs and reads or cancels them; <see cref="JobRunner"/> runs them.</summary>
public sealed class JobQueue(IResourceStore store, TimeProvider? time = null)
{
    private readonly SqlResourceStore _store = store as SqlResourceStore ?? throw new ArgumentException("jobs work on the SQL store", nameof(store));
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Queues a job of <paramref name="kind"/>; returns its id.</summary>
    /// <param name="parameters">JSON, or null; keep personal data out (it is kept with the job).</param>
    public async Task<string> EnqueueAsync(string kind, string? parameters = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        var id = Guid.NewGuid().ToString("N");
        await _store.InWriteAsync(async (connection, transaction) =>
        {
            await SqlCommands.ExecuteAsync(connection, transaction,
                $"INSERT INTO jobs (id, kind, state, parameters, progress_done, attempts, created_at, cancel_requested) VALUES (@p0, @p1, 0, {_store.Dialect.JsonValue("@p2")}, 0, 0, @p3, 0)",
                [id, kind, parameters, _time.GetUtcNow().UtcTicks], ct).ConfigureAwait(false);
            await transaction.CommitAsync(ct).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        _store.JobsChanged.Set();
        return id;
    }

    public async Task<JobStatus?> GetAsync(string id, CancellationToken ct = default)
    {
        var rows = await QueryAsync($"SELECT {Columns(_store.Dialect)} FROM jobs WHERE id = @p0", [id], ct).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Jobs newest first, optionally of one state or kind.</summary>
    public Task<IReadOnlyList<JobStatus>> ListAsync(JobState? state = null, string? kind = null, int limit = 100, CancellationToken ct = default)
    {
        var p = new SqlParameters();
        var where = new List<string> { "1 = 1" };
        if (state is { } s)
        {
            where.Add("state = " + p.Add((short)s));
        }
        if (kind is not null)
        {
            where.Add("kind = " + p.Add(kind));
        }
        return QueryAsync($"SELECT {Columns(_store.Dialect)} FROM jobs WHERE {string.Join(" AND ", where)} ORDER BY created_at DESC, id LIMIT {p.Add(limit)}", p.Values, ct);
    }

    /// <summary>
    /// A queued job is cancelled at once; a running one is asked to stop (its handler's token
    /// fires at the runner's next heartbeat). False when the job is unknown or already finished.
    /// </summary>
    public async Task<bool> RequestCancelAsync(string id, CancellationToken ct = default)
    {
        var requested = await _store.InWriteAsync(async (connection, transaction) =>
        {
            var changed = await SqlCommands.ExecuteAsync(connection, transaction,
                "UPDATE jobs SET state = 4, cancel_requested = 1, finished_at = @p1 WHERE id = @p0 AND state = 0", [id, _time.GetUtcNow().UtcTicks], ct).ConfigureAwait(false);
            if (changed == 0)
            {
                changed = await SqlCommands.ExecuteAsync(connection, transaction, "UPDATE jobs SET cancel_requested = 1 WHERE id = @p0 AND state = 1", [id], ct).ConfigureAwait(false);
            }
            await transaction.CommitAsync(ct).ConfigureAwait(false);
            return changed > 0;
        }, ct).ConfigureAwait(false);
        if (requested)
        {
            _store.JobsChanged.Set();
        }
        return requested;
    }

    private async Task<IReadOnlyList<JobStatus>> QueryAsync(string sql, IReadOnlyList<object?> values, CancellationToken ct)
    {
        await using var connection = await _store.Dialect.OpenAsync(ct).ConfigureAwait(false);
        await using var command = SqlCommands.Create(connection, null, sql, values);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var jobs = new List<JobStatus>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            jobs.Add(Read(reader));
        }
        return jobs;
    }

    /// <summary>The columns <see cref="Read"/> expects, in its order.</summary>
    internal static string Columns(SqlDialect dialect) =>
        $"id, kind, state, {dialect.JsonText("parameters")}, progress_done, progress_total, {dialect.JsonText("checkpoint")}, {dialect.JsonText("result")}, error, attempts, created_at, started_at, finished_at, cancel_requested";

    internal static JobStatus Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        (JobState)Convert.ToInt16(reader.GetValue(2), CultureInfo.InvariantCulture),
        reader.IsDBNull(3) ? null : reader.GetString(3),
        Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
        reader.IsDBNull(5) ? null : Convert.ToInt64(reader.GetValue(5), CultureInfo.InvariantCulture),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        Convert.ToInt32(reader.GetValue(9), CultureInfo.InvariantCulture),
        Time(reader, 10)!.Value,
        Time(reader, 11),
        Time(reader, 12),
        Convert.ToInt32(reader.GetValue(13), CultureInfo.InvariantCulture) != 0);

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : new DateTimeOffset(Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture), TimeSpan.Zero);
}
