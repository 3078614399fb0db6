using Bayu.Storage.Sqlite;

namespace Bayu.Storage.Tests.Sqlite;

/// <summary>SQLite's single write turn is handed out first come, first served.</summary>
public sealed class SqliteWriteTurnTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("bayu-sqlite-turn-").FullName;

    [Fact]
    public async Task GivenWritersQueuedBehindAHeldTurn_WhenItIsReleased_ThenTheyGetTheTurnInTheOrderTheyAsked()
    {
        var dialect = new SqliteDialect(Path.Combine(_folder, "bayu.db"));
        const int Writers = 40;
        var connections = new List<System.Data.Common.DbConnection>();
        for (var i = 0; i <= Writers; i++)
        {
            connections.Add(await dialect.OpenAsync(default));
        }
        var held = await dialect.BeginWriteAsync(connections[0], default);
        var order = new List<int>();
        // Each asks for the turn before the next one does (the wait is queued before BeginWriteAsync returns).
        var waiting = Enumerable.Range(1, Writers).Select(i => TakeTurnAsync(dialect, connections[i], i, order)).ToList();
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        await held.CommitAsync();
        dialect.EndWrite();
        await Task.WhenAll(waiting);

        Assert.Equal(Enumerable.Range(1, Writers), order);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task TakeTurnAsync(SqliteDialect dialect, System.Data.Common.DbConnection connection, int writer, List<int> order)
    {
        await using var transaction = await dialect.BeginWriteAsync(connection, default);
        // Yield while holding the turn, as a real write does, so the next writer really waits.
        await Task.Yield();
        lock (order)
        {
            order.Add(writer);
        }
        await transaction.CommitAsync();
        dialect.EndWrite();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
