using System.ComponentModel.DataAnnotations;
using Bayu.Engine.Interactions;
using Bayu.Storage.Sqlite;
using Bayu.Storage.Store;

namespace Bayu.Server.Storage;

/// <summary>Where and how resources are stored (section <c>Bayu:Storage</c>; the data directory is <c>Bayu:DataDirectory</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Bayu:Storage";

    [Required]
    public string DataDirectory { get; set; } = "./data";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary><c>ConnectionStrings:Postgres</c>; required when the provider is PostgreSQL.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Whether PUT may create a resource with a client-chosen id.</summary>
    public bool AllowCreateOnUpdate { get; set; } = true;

    /// <summary>Whether the store refreshes the planner's statistics in the background after many writes.</summary>
    public bool RefreshStatistics { get; set; } = true;

    /// <summary><c>Bayu:Storage:SqliteSynchronous</c>: Full (survives a power cut) or Normal (survives a killed process).</summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary><c>Bayu:Storage:AllowAsynchronousCommit</c>: start on a PostgreSQL with <c>synchronous_commit = off</c> (with a warning).</summary>
    public bool AllowAsynchronousCommit { get; set; }

    /// <summary><c>Bayu:Storage:BatchChunkEntries</c>: most batch entries per commit (0: the whole batch in one).</summary>
    [Range(0, int.MaxValue)]
    public int BatchChunkEntries { get; set; } = new EngineOptions().BatchChunkEntries;

    /// <summary><c>Bayu:Storage:BatchChunkMilliseconds</c>: longest a batch holds the write turn at a time (0: no bound).</summary>
    [Range(0, 3_600_000)]
    public int BatchChunkMilliseconds { get; set; } = (int)new EngineOptions().BatchChunkTime.TotalMilliseconds;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The binder takes any number for an enum; only the named values mean something.
        if (!Enum.IsDefined(Provider))
        {
            yield return new ValidationResult($"Bayu:Storage:Provider must be Sqlite or Postgres, not '{Provider}'", [nameof(Provider)]);
        }
        if (!Enum.IsDefined(SqliteSynchronous))
        {
            yield return new ValidationResult($"Bayu:Storage:SqliteSynchronous must be Full or Normal, not '{SqliteSynchronous}'", [nameof(SqliteSynchronous)]);
        }
        if (Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Bayu:Storage:Provider is Postgres but ConnectionStrings:Postgres is empty (or pass --postgres \"Host=...\")", [nameof(PostgresConnectionString)]);
        }
    }
}
