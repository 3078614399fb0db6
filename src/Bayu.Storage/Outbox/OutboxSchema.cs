using Bayu.Storage.Schema;

namespace Bayu.Storage.Outbox;

/// <summary>
/// Module <c>outbox</c>: one row per (event, handler). The event's data is copied into each row,
/// so a handler's delivery is claimed, retried and finished without joins or shared state.
/// Times are UTC ticks, as in <c>resources</c>.
/// </summary>
public static class OutboxSchema
{
    public const string Module = "outbox";

    public static MigrationSet Migrations { get; } = new(Module,
    [
        new Migration(1, Version1("integer PRIMARY KEY AUTOINCREMENT", "text", "integer"), Version1("bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY", "jsonb", "bigint")),
    ]);

    // SQLite's AUTOINCREMENT never reuses a purged row's number, so seq keeps growing after
    // PurgeDoneAsync, as the ordering rule needs.
    private static string Version1(string seq, string json, string int64) => $"""
        CREATE TABLE outbox_deliveries (
            seq {seq},
            handler text NOT NULL,
            kind text NOT NULL,
            resource_type text NULL,
            resource_id text NULL,
            version_id integer NULL,
            method smallint NULL,
            payload {json} NULL,
            ordering_key text NULL,
            state smallint NOT NULL,
            attempts integer NOT NULL,
            due_at {int64} NOT NULL,
            created_at {int64} NOT NULL,
            lease_owner text NULL,
            lease_until {int64} NULL,
            done_at {int64} NULL,
            last_error text NULL);
        CREATE INDEX ix_outbox_pending ON outbox_deliveries (handler, seq) WHERE state = 0;
        CREATE INDEX ix_outbox_ordering ON outbox_deliveries (handler, ordering_key, seq) WHERE state <> 1 AND ordering_key IS NOT NULL;
        CREATE INDEX ix_outbox_dead ON outbox_deliveries (handler, seq) WHERE state = 2;
        CREATE INDEX ix_outbox_done ON outbox_deliveries (done_at) WHERE state = 1;
        """;
}
