using System.ComponentModel.DataAnnotations;
using Bayu.Storage.Store;

namespace Bayu.Server.Storage;

/// <summary>Where resources are stored (section <c>Bayu</c>: <c>DataDirectory</c>, <c>Storage:Provider</c>).</summary>
public sealed class StorageOptions : IValidatableObject
{
    [Required]
    public string DataDirectory { get; set; } = "./data";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary><c>ConnectionStrings:Postgres</c>; required when the provider is PostgreSQL.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Whether PUT may create a resource with a client-chosen id.</summary>
    public bool AllowCreateOnUpdate { get; set; } = true;

    /// <summary>Whether the store refreshes the planner's statistics in the background after many writes.</summary>
    public bool RefreshStatistics { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StoreProvider.Postgres && string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            yield return new ValidationResult("Bayu:Storage:Provider is Postgres but ConnectionStrings:Postgres is empty (or pass --postgres \"Host=...\")", [nameof(PostgresConnectionString)]);
        }
    }
}
