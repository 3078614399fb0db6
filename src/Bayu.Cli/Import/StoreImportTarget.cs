namespace Bayu.Cli.Import;

/// <summary>Writes units straight into a store through the storage write path, without HTTP.</summary>
internal sealed class StoreImportTarget : IImportTarget
{
    private StoreImportTarget(string description) => Description = description;

    public string Description { get; }

    public static StoreImportTarget Sqlite(string dataDirectory) => new($"SQLite store in {dataDirectory}");

    public static StoreImportTarget Postgres(string connectionString) => new("PostgreSQL store");

    public Task CheckAsync(CancellationToken ct) => throw new Infrastructure.CliUsageException("store-direct import is not available yet; use --server");

    public Task<IReadOnlyList<EntryOutcome>> SendAsync(ImportUnit unit, CancellationToken ct) => throw new NotSupportedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
