using Bayu.Storage.Schema;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// The module's own tables, prefixed with its name. <c>institution_registry_submissions</c> has one
/// row per attributed version: its key is what makes a repeated delivery a no-op, and it is the
/// submission log the supervision KPIs can count by day. <c>institution_registry_counts</c> keeps the
/// totals per (institution, resource type) so the registry is read without aggregating the log.
/// Times are UTC ticks, as in <c>resources</c>.
/// </summary>
internal static class RegistrySchema
{
    public static MigrationSet Migrations { get; } = new(InstitutionRegistryModule.Name,
    [
        new Migration(1, Version1("integer"), Version1("bigint")),
    ]);

    private static string Version1(string int64) => $"""
        CREATE TABLE institution_registry_submissions (
            resource_type text NOT NULL,
            resource_id text NOT NULL,
            version_id integer NOT NULL,
            organization_id text NOT NULL,
            submitted_at {int64} NOT NULL,
            PRIMARY KEY (resource_type, resource_id, version_id));
        CREATE TABLE institution_registry_counts (
            organization_id text NOT NULL,
            resource_type text NOT NULL,
            submissions {int64} NOT NULL,
            last_submitted_at {int64} NOT NULL,
            PRIMARY KEY (organization_id, resource_type));
        """;
}
