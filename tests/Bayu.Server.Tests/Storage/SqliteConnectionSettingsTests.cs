using Bayu.Storage.Sqlite;

namespace Bayu.Server.Tests.Storage;

public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bayu-sqlite-settings-").FullName;

    [Fact]
    public async Task GivenPooledConnections_WhenOpenedAgainAndAgain_ThenEachOneIsInWalWithNormalSyncAndABusyTimeout()
    {
        var dialect = new SqliteDialect(Path.Combine(_folder, "bayu.db"));

        // Several at once (new native handles) and then one after another (handles the pool reuses).
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => dialect.OpenAsync(default)));
        foreach (var connection in concurrent)
        {
            Assert.Equal(("wal", 1L, 30000L), await SettingsAsync(connection));
        }
        foreach (var connection in concurrent)
        {
            await connection.DisposeAsync();
        }
        for (var i = 0; i < 5; i++)
        {
            await using var connection = await dialect.OpenAsync(default);
            Assert.Equal(("wal", 1L, 30000L), await SettingsAsync(connection));
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
