using Bayu.Storage.Jobs;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;
using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;
using Bayu.Storage.Tests.Outbox;

namespace Bayu.Storage.Tests.Schema;

/// <summary>Per-module migrations: each step once, in one transaction, from scratch or from the single-list mechanism's databases.</summary>
public abstract class MigrationTests(StoreFixture fixture)
{
    private static async Task<List<(string Module, int Version)>> RecordedAsync(TestDatabase database) =>
        [.. (await database.RowsAsync("SELECT module, version FROM bayu_migrations ORDER BY module, version"))
            .Select(r => ((string)r[0]!, Convert.ToInt32(r[1], System.Globalization.CultureInfo.InvariantCulture)))];

    private static MigrationSet Probe(string module, params string[] scripts) =>
        new(module, scripts.Select((sql, i) => new Migration(i + 1, sql, sql)));

    [Fact]
    public async Task GivenAnEmptyDatabase_WhenMigratedTwice_ThenEveryModuleStepRunsOnceAndIsRecorded()
    {
        var database = await fixture.NewDatabaseAsync();
        await using var store = database.OpenStore();
        await store.MigrateAsync(StoreFixture.Modules);
        var first = await database.RowsAsync("SELECT module, version, applied_at FROM bayu_migrations ORDER BY module, version");
        await store.MigrateAsync(StoreFixture.Modules);

        Assert.Equal([("jobs", 1), ("outbox", 1), ("store", 1), ("store", 2)], await RecordedAsync(database));
        Assert.Equal(first.Select(r => r[2]), (await database.RowsAsync("SELECT module, version, applied_at FROM bayu_migrations ORDER BY module, version")).Select(r => r[2]));
        Assert.Equal(0, await database.ScalarAsync("SELECT COUNT(*) FROM outbox_deliveries") + await database.ScalarAsync("SELECT COUNT(*) FROM jobs"));
    }

    [Fact]
    public async Task GivenADatabaseOfTheSingleListMechanism_WhenMigrated_ThenItsVersionsCarryOverAndNothingRunsAgain()
    {
        var database = await fixture.NewDatabaseAsync();
        // What the single-list mechanism left: its scripts applied, their numbers in bayu_schema_version.
        await database.ExecuteAsync("CREATE TABLE bayu_schema_version (version integer PRIMARY KEY)");
        var legacy = SchemaScripts.Store.Migrations.Where(m => m.For(database.Provider).Length > 0).ToList();
        foreach (var migration in legacy)
        {
            await database.ExecuteAsync(migration.For(database.Provider));
            await database.ExecuteAsync($"INSERT INTO bayu_schema_version (version) VALUES ({migration.Version})");
        }
        await using var store = database.OpenStore();
        var id = Writes.NewId();
        await Writes.CommitVersionsAsync(store, "Patient", id, 1);

        // Version 1 run again would fail: CREATE TABLE resources exists already.
        await store.MigrateAsync(StoreFixture.Modules);

        Assert.Equal([("jobs", 1), ("outbox", 1), ("store", 1), ("store", 2)], await RecordedAsync(database));
        var legacyApplied = await database.RowsAsync("SELECT applied_at FROM bayu_migrations WHERE module = 'store' AND version = 1");
        Assert.Single(legacyApplied);
        Assert.Equal(0, await database.ScalarAsync(database.Provider == StoreProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'bayu_schema_version'"
            : "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'bayu_schema_version'"));
        Assert.Equal(1, (await store.ReadAsync("Patient", id))!.VersionId);
        await store.MigrateAsync(StoreFixture.Modules);
        Assert.Equal(4, (await RecordedAsync(database)).Count);
    }

    [Fact]
    public async Task GivenAModuleThatGrows_WhenMigratedAgain_ThenOnlyItsNewStepsRun()
    {
        var module = RecordingHandler.UniqueName("probe").Replace('-', '_');
        await using var store = fixture.Database.OpenStore();
        await store.MigrateAsync([Probe(module, $"CREATE TABLE {module} (n integer); INSERT INTO {module} VALUES (1)")]);
        var grown = Probe(module, $"CREATE TABLE {module} (n integer); INSERT INTO {module} VALUES (1)", $"INSERT INTO {module} VALUES (2)");
        await store.MigrateAsync([grown]);
        await store.MigrateAsync([grown, OutboxSchema.Migrations]);

        Assert.Equal([1L, 2L], (await fixture.Database.RowsAsync($"SELECT n FROM {module} ORDER BY n")).Select(r => Convert.ToInt64(r[0], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task GivenAStepThatFails_WhenMigrating_ThenTheWholeMigrationRollsBack()
    {
        var module = RecordingHandler.UniqueName("broken").Replace('-', '_');
        var database = await fixture.NewDatabaseAsync();
        await using var store = database.OpenStore();
        var broken = Probe(module, $"CREATE TABLE {module} (n integer)", "THIS IS NOT SQL");

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => store.MigrateAsync([OutboxSchema.Migrations, broken]));

        var tables = database.Provider == StoreProvider.Sqlite
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
            : "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'";
        Assert.Equal(0, await database.ScalarAsync(tables));
    }

    [Fact]
    public async Task GivenSeveralProcessesStartingAtOnce_WhenTheyAllMigrate_ThenEachStepRunsOnceAndNoneFails()
    {
        var database = await fixture.NewDatabaseAsync();
        var stores = Enumerable.Range(0, 4).Select(_ => database.OpenStore()).ToList();
        try
        {
            await Task.WhenAll(stores.Select(s => Task.Run(() => s.MigrateAsync(StoreFixture.Modules))));
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }
        Assert.Equal([("jobs", 1), ("outbox", 1), ("store", 1), ("store", 2)], await RecordedAsync(database));
    }

    [Fact]
    public async Task GivenADatabaseMigratedByANewerBuild_WhenAnOlderBuildMigrates_ThenItRefuses()
    {
        var module = RecordingHandler.UniqueName("newer");
        await using var store = fixture.Database.OpenStore();
        await fixture.Database.ExecuteAsync($"INSERT INTO bayu_migrations (module, version, applied_at) VALUES ('{module}', 3, 0)");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.MigrateAsync([Probe(module, "SELECT 1")]));
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }
}

public sealed class MigrationTestsOnSqlite(SqliteStoreFixture fixture) : MigrationTests(fixture), IClassFixture<SqliteStoreFixture>;

public sealed class MigrationTestsOnPostgres(PostgresStoreFixture fixture) : MigrationTests(fixture), IClassFixture<PostgresStoreFixture>;

public sealed class MigrationSetTests
{
    [Fact]
    public void GivenVersionsWithAGap_WhenTheSetIsBuilt_ThenItRefuses() =>
        Assert.Throws<ArgumentException>(() => new MigrationSet("m", [new Migration(1, "", ""), new Migration(3, "", "")]));

    [Fact]
    public async Task GivenTheSameModuleTwice_WhenMigrating_ThenItRefusesBeforeTouchingTheDatabase()
    {
        var folder = Directory.CreateTempSubdirectory("bayu-migration-twice-").FullName;
        try
        {
            await using var store = new SqlResourceStore(new Bayu.Storage.Sqlite.SqliteDialect(Path.Combine(folder, "bayu.db")));
            await Assert.ThrowsAsync<ArgumentException>(() => store.MigrateAsync([JobSchema.Migrations, JobSchema.Migrations]));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
