namespace Bayu.Storage.Schema;

/// <summary>
/// The resource store's own schema, module <c>store</c>. Every large table leads with
/// <c>resource_type</c> so it can be partitioned by type, and carries <c>compartment</c> (the
/// patient id) so it can later be distributed by patient compartment (see docs/adr/0500).
/// </summary>
public static class SchemaScripts
{
    public const string StoreModule = "store";

    /// <summary>
    /// Versions 1 and 2 are the two scripts the single-list mechanism (<c>bayu_schema_version</c>)
    /// recorded, in that order, so a database it migrated carries over as is. Version 2 changes
    /// nothing on SQLite, whose BINARY collation is already bytewise.
    /// </summary>
    public static MigrationSet Store { get; } = new(StoreModule,
    [
        new Migration(1, Version1("text", "integer", "real"), Version1("jsonb", "bigint", "double precision")),
        new Migration(2, "", PostgresVersion2),
    ]);

    /// <summary>
    /// Prefix-searched columns compare bytewise (code point order), as SQLite's BINARY does: under
    /// a database's real collation (e.g. en_US.UTF-8, even C.UTF-8) PostgreSQL cannot turn a
    /// prefix into an index range, and every string search scanned all rows of its parameter.
    /// It also makes _sort on strings order alike on both providers.
    /// </summary>
    private const string PostgresVersion2 = """
        ALTER TABLE idx_string ALTER COLUMN norm TYPE text COLLATE "C";
        ALTER TABLE idx_uri ALTER COLUMN value TYPE text COLLATE "C";
        """;

    private static string Version1(string json, string int64, string real) => $"""
        CREATE TABLE resources (
            resource_type text NOT NULL,
            id text NOT NULL,
            version_id integer NOT NULL,
            last_updated {int64} NOT NULL,
            is_current smallint NOT NULL,
            is_deleted smallint NOT NULL,
            method smallint NOT NULL,
            compartment text NULL,
            json {json} NULL,
            PRIMARY KEY (resource_type, id, version_id));
        CREATE UNIQUE INDEX ux_resources_current ON resources (resource_type, id) WHERE is_current = 1;
        CREATE INDEX ix_resources_type_updated ON resources (resource_type, last_updated);
        CREATE INDEX ix_resources_updated ON resources (last_updated);
        CREATE TABLE idx_token (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, system text NULL, code text NULL, text_value text NULL);
        CREATE INDEX ix_token_code ON idx_token (resource_type, param, code, system);
        CREATE INDEX ix_token_owner ON idx_token (resource_type, id);
        CREATE TABLE idx_string (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, norm text NOT NULL, exact text NOT NULL);
        CREATE INDEX ix_string_norm ON idx_string (resource_type, param, norm);
        CREATE INDEX ix_string_owner ON idx_string (resource_type, id);
        CREATE TABLE idx_date (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, low {int64} NOT NULL, high {int64} NOT NULL);
        CREATE INDEX ix_date_low ON idx_date (resource_type, param, low, high);
        CREATE INDEX ix_date_owner ON idx_date (resource_type, id);
        CREATE TABLE idx_number (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, low {real} NOT NULL, high {real} NOT NULL);
        CREATE INDEX ix_number_low ON idx_number (resource_type, param, low);
        CREATE INDEX ix_number_owner ON idx_number (resource_type, id);
        CREATE TABLE idx_quantity (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, system text NULL, code text NULL, low {real} NOT NULL, high {real} NOT NULL, canonical_code text NULL, canonical_low {real} NULL, canonical_high {real} NULL);
        CREATE INDEX ix_quantity_value ON idx_quantity (resource_type, param, low);
        CREATE INDEX ix_quantity_owner ON idx_quantity (resource_type, id);
        CREATE TABLE idx_reference (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, target_type text NULL, target_id text NULL, url text NULL, identifier_system text NULL, identifier_value text NULL);
        CREATE INDEX ix_reference_target ON idx_reference (resource_type, param, target_id, target_type);
        CREATE INDEX ix_reference_owner ON idx_reference (resource_type, id);
        CREATE TABLE idx_uri (resource_type text NOT NULL, id text NOT NULL, param text NOT NULL, value text NOT NULL);
        CREATE INDEX ix_uri_value ON idx_uri (resource_type, param, value);
        CREATE INDEX ix_uri_owner ON idx_uri (resource_type, id);
        """;
}
