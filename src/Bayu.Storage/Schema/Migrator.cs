using System.Data.Common;
using System.Globalization;
using Bayu.Storage.Store;

namespace Bayu.Storage.Schema;

/// <summary>
/// Applies migration sets in one write transaction, recording each step in
/// <c>bayu_migrations (module, version)</c>. The transaction holds the database's migration lock
/// (PostgreSQL: an advisory lock; SQLite: the write lock of BEGIN IMMEDIATE), so two processes
/// starting at once migrate one after the other and the second finds nothing left to do.
/// </summary>
internal static class Migrator
{
    private const string LegacyTable = "bayu_schema_version";

    public static async Task MigrateAsync(SqlDialect dialect, DbConnection connection, DbTransaction transaction, IReadOnlyList<MigrationSet> sets, long now, CancellationToken ct)
    {
        var duplicate = sets.GroupBy(s => s.Module, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"migration module '{duplicate.Key}' is given twice", nameof(sets));
        }
        if (dialect.BeforeMigration.Length > 0)
        {
            await SqlCommands.ExecuteAsync(connection, transaction, dialect.BeforeMigration, [], ct).ConfigureAwait(false);
        }
        await SqlCommands.ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS bayu_migrations (module text NOT NULL, version integer NOT NULL, applied_at bigint NOT NULL, PRIMARY KEY (module, version))", [], ct).ConfigureAwait(false);
        await CarryOverLegacyAsync(dialect, connection, transaction, now, ct).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, transaction, ct).ConfigureAwait(false);
        foreach (var set in sets)
        {
            var current = applied.GetValueOrDefault(set.Module);
            if (current > set.LatestVersion)
            {
                // A newer build migrated this database: running older code on a schema it does not
                // know could write rows the newer code misreads.
                throw new InvalidOperationException($"the database has module '{set.Module}' at version {current}; this build knows only up to {set.LatestVersion}");
            }
            foreach (var migration in set.Migrations.Skip(current))
            {
                var script = migration.For(dialect.Provider);
                if (script.Length > 0)
                {
                    await SqlCommands.ExecuteAsync(connection, transaction, script, [], ct).ConfigureAwait(false);
                }
                await SqlCommands.ExecuteAsync(connection, transaction,
                    "INSERT INTO bayu_migrations (module, version, applied_at) VALUES (@p0, @p1, @p2)", [set.Module, migration.Version, now], ct).ConfigureAwait(false);
            }
        }
        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Databases of the single-list mechanism recorded the store's versions in
    /// <c>bayu_schema_version</c>: they become module <c>store</c>'s, and the old table goes, so
    /// one table is the only record (a build that still reads the old table then fails at its
    /// first CREATE TABLE instead of running on a schema it does not know).
    /// </summary>
    private static async Task CarryOverLegacyAsync(SqlDialect dialect, DbConnection connection, DbTransaction transaction, long now, CancellationToken ct)
    {
        await using var exists = SqlCommands.Create(connection, transaction, dialect.TableExistsSql, [LegacyTable]);
        if (Convert.ToInt64(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture) == 0)
        {
            return;
        }
        await SqlCommands.ExecuteAsync(connection, transaction,
            $"INSERT INTO bayu_migrations (module, version, applied_at) SELECT @p0, version, @p1 FROM {LegacyTable} WHERE version NOT IN (SELECT version FROM bayu_migrations WHERE module = @p0)",
            [SchemaScripts.StoreModule, now], ct).ConfigureAwait(false);
        await SqlCommands.ExecuteAsync(connection, transaction, $"DROP TABLE {LegacyTable}", [], ct).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, int>> AppliedAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = SqlCommands.Create(connection, transaction, "SELECT module, MAX(version) FROM bayu_migrations GROUP BY module", []);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var applied = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }
        return applied;
    }
}
