using Bayu.Storage.Schema;

namespace Bayu.Storage.Jobs;

/// <summary>Module <c>jobs</c>: one row per durable job, its progress and checkpoint saved as it runs. Times are UTC ticks.</summary>
public static class JobSchema
{
    public const string Module = "jobs";

    public static MigrationSet Migrations { get; } = new(Module,
    [
        new Migration(1, Version1("text", "integer"), Version1("jsonb", "bigint")),
    ]);

    private static string Version1(string json, string int64) => $"""
        CREATE TABLE jobs (
            id text PRIMARY KEY,
            kind text NOT NULL,
            state smallint NOT NULL,
            parameters {json} NULL,
            progress_done {int64} NOT NULL,
            progress_total {int64} NULL,
            checkpoint {json} NULL,
            result {json} NULL,
            error text NULL,
            attempts integer NOT NULL,
            created_at {int64} NOT NULL,
            started_at {int64} NULL,
            finished_at {int64} NULL,
            lease_owner text NULL,
            lease_until {int64} NULL,
            cancel_requested smallint NOT NULL);
        CREATE INDEX ix_jobs_open ON jobs (kind, created_at) WHERE state IN (0, 1);
        CREATE INDEX ix_jobs_created ON jobs (created_at);
        """;
}
