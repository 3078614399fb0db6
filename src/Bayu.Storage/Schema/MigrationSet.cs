using Bayu.Storage.Store;

namespace Bayu.Storage.Schema;

/// <summary>One schema step of a module: the same change written once per provider.</summary>
/// <param name="Version">1, 2, 3 ... within its module; recorded in <c>bayu_migrations</c> once applied.</param>
/// <param name="Sqlite">The SQLite script; empty when the step changes nothing there.</param>
/// <param name="Postgres">The PostgreSQL script; empty when the step changes nothing there.</param>
public sealed record Migration(int Version, string Sqlite, string Postgres)
{
    public string For(StoreProvider provider) => provider switch
    {
        StoreProvider.Sqlite => Sqlite,
        StoreProvider.Postgres => Postgres,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}

/// <summary>
/// A module's own versioned schema (the store's tables, the outbox, jobs, a module's workflow
/// tables), recorded per module so modules evolve independently. Versions run 1..N without gaps.
/// </summary>
public sealed class MigrationSet
{
    public MigrationSet(string module, IEnumerable<Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        ArgumentNullException.ThrowIfNull(migrations);
        Module = module;
        Migrations = [.. migrations];
        for (var i = 0; i < Migrations.Count; i++)
        {
            if (Migrations[i].Version != i + 1)
            {
                throw new ArgumentException($"module '{module}': migration {i + 1} has version {Migrations[i].Version}; versions run 1..N in order", nameof(migrations));
            }
        }
    }

    public string Module { get; }

    public IReadOnlyList<Migration> Migrations { get; }

    public int LatestVersion => Migrations.Count;

    public override string ToString() => $"{Module} v{LatestVersion}";
}
