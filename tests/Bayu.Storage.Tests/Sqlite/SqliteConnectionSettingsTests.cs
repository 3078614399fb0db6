using Bayu.Storage.Sqlite;

namespace Bayu.Storage.Tests.Sqlite;

public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bayu-sqlite-settings-").FullName;

    [Fact]
    public async Task GivenPooledConnections_WhenOpenedAgainAndAgain_ThenEachOneIsInWalWithFullSyncAndABusyTimeout()
    {
        // FULL (2) by default: the WAL is synced at every commit, so an acknowledged write survives a power cut.
        await AssertEveryConnectionAsync(new SqliteDialect(Path.Combine(_folder, "bayu.db")), ("wal", 2L, 30000L));
    }

    [Fact]
    public async Task GivenNormalSynchronousConfigured_WhenConnectionsAreOpened_ThenEachOneSyncsOnlyAtCheckpoints()
    {
        await AssertEveryConnectionAsync(new SqliteDialect(Path.Combine(_folder, "bayu.db"), SqliteSynchronous.Normal), ("wal", 1L, 30000L));
    }

    [Fact]
    public void GivenASynchronousModeOutsideTheEnum_WhenTheDialectIsMade_ThenItIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDialect(Path.Combine(_folder, "bayu.db"), (SqliteSynchronous)7));
    }

    private static async Task AssertEveryConnectionAsync(SqliteDialect dialect, (string, long, long) expected)
    {

        // Several at once (new native handles) and then one after another (handles the pool reuses).
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => dialect.OpenAsync(default)));
        foreach (var connection in concurrent)
        {
            Assert.Equal(expected, await SettingsAsync(connection));
        }
        foreach (var connection in concurrent)
        {
            await connection.DisposeAsync();
        }
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await dialect.OpenAsync(default);
            Assert.Equal(expected, await SettingsAsync(connection));
        }
    }

    private static async Task<(string JournalMode, long Synchronous, long BusyTimeout)> SettingsAsync(System.Data.Common.DbConnection connection)
    {
        async Task<object?> Scalar(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }
        return ((string)(await Scalar("PRAGMA journal_mode"))!, (long)(await Scalar("PRAGMA synchronous"))!, (long)(await Scalar("PRAGMA busy_timeout"))!);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
