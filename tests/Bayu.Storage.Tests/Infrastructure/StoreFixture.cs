using Bayu.Storage.Jobs;
using Bayu.Storage.Outbox;
using Bayu.Storage.Schema;
using Bayu.Storage.Store;

namespace Bayu.Storage.Tests.Infrastructure;

/// <summary>
/// A fresh database per test class, migrated with the outbox and jobs modules. Tests of a class
/// share it and keep apart by unique handler names and job kinds; each test opens its own stores.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private readonly List<TestDatabase> _extra = [];

    public abstract StoreProvider Provider { get; }

    public TestDatabase Database { get; private set; } = null!;

    public static IReadOnlyList<MigrationSet> Modules { get; } = [OutboxSchema.Migrations, JobSchema.Migrations];

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Provider);
        await using var store = Database.OpenStore();
        await store.MigrateAsync(Modules);
    }

    /// <summary>A store over the fixture's database with these outbox subscriptions.</summary>
    public SqlResourceStore OpenStore(params OutboxSubscription[] subscriptions)
    {
        var store = Database.OpenStore();
        store.UseOutbox(subscriptions);
        return store;
    }

    /// <summary>Another empty database, dropped with the fixture (for tests that migrate from scratch).</summary>
    public async Task<TestDatabase> NewDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync(Provider);
        _extra.Add(database);
        return database;
    }

    public async Task DisposeAsync()
    {
        foreach (var database in _extra)
        {
            await database.DisposeAsync();
        }
        await Database.DisposeAsync();
    }
}

public sealed class SqliteStoreFixture : StoreFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresStoreFixture : StoreFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
