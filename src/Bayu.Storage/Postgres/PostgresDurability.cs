using Npgsql;

namespace Bayu.Storage.Postgres;

/// <summary>
/// The server settings an acknowledged commit's survival depends on, as the store's own sessions
/// see them (a database or role can override postgresql.conf, so they are read through the store's
/// connection string, not the cluster's defaults).
/// </summary>
public sealed record PostgresDurability(string SynchronousCommit, string Fsync)
{
    /// <summary><c>off</c> acknowledges a commit before its WAL reaches the disk: a server crash loses it.</summary>
    public bool AsynchronousCommit => string.Equals(SynchronousCommit, "off", StringComparison.OrdinalIgnoreCase);

    /// <summary><c>fsync = off</c>: an OS crash or power cut can lose or corrupt anything written.</summary>
    public bool FsyncOff => string.Equals(Fsync, "off", StringComparison.OrdinalIgnoreCase);

    public static async Task<PostgresDurability> ReadAsync(string connectionString, CancellationToken ct = default)
    {
        // A one-off connection outside the store's pool: it is opened once, at start-up.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT current_setting('synchronous_commit'), current_setting('fsync')", connection);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await reader.ReadAsync(ct).ConfigureAwait(false);
        return new PostgresDurability(reader.GetString(0), reader.GetString(1));
    }
}
