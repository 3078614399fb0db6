using Bayu.Storage.Store;
using Bayu.Storage.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bayu.Storage.Tests.Store;

public class StoreErrorsTests
{
    [Theory]
    [InlineData(PostgresErrorCodes.DeadlockDetected, true)]
    [InlineData(PostgresErrorCodes.SerializationFailure, true)]
    [InlineData(PostgresErrorCodes.LockNotAvailable, true)]
    [InlineData(PostgresErrorCodes.UniqueViolation, false)]
    [InlineData(PostgresErrorCodes.UndefinedTable, false)]
    public void GivenAPostgresError_WhenClassified_ThenOnlyConcurrencyCollisionsAreTransient(string sqlState, bool transient)
    {
        var error = new PostgresException("message", "ERROR", "ERROR", sqlState);

        Assert.Equal(transient, StoreErrors.IsTransientConflict(error));
        Assert.Equal(transient, StoreErrors.IsTransientConflict(new InvalidOperationException("wrapped", error)));
    }

    [Theory]
    [InlineData(5, true)] // SQLITE_BUSY
    [InlineData(6, true)] // SQLITE_LOCKED
    [InlineData(517, true)] // SQLITE_BUSY_SNAPSHOT (extended code)
    [InlineData(19, false)] // SQLITE_CONSTRAINT
    [InlineData(11, false)] // SQLITE_CORRUPT
    public void GivenASqliteError_WhenClassified_ThenOnlyBusyAndLockedAreTransient(int code, bool transient) =>
        Assert.Equal(transient, StoreErrors.IsTransientConflict(new SqliteException("message", code)));

    [Fact]
    public void GivenAnUnrelatedException_WhenClassified_ThenNotTransient() =>
        Assert.False(StoreErrors.IsTransientConflict(new TimeoutException("slow")));
}

/// <summary>A real PostgreSQL deadlock between two write sessions is recognised as a transient collision.</summary>
/// <remarks>PostgreSQL only: SQLite serialises writers, so its sessions never hold locks against each other.</remarks>
public sealed class PostgresDeadlockTests(PostgresStoreFixture fixture) : IClassFixture<PostgresStoreFixture>
{
    [Fact]
    public async Task GivenTwoSessionsLockingInOppositeOrder_WhenTheyDeadlock_ThenTheVictimsErrorIsATransientConflict()
    {
        await using var store = fixture.OpenStore();
        await using var first = await store.BeginAsync();
        await using var second = await store.BeginAsync();
        await first.LockAsync("deadlock-a", shared: false);
        await second.LockAsync("deadlock-b", shared: false);

        var firstWaits = first.LockAsync("deadlock-b", shared: false);
        var secondWaits = second.LockAsync("deadlock-a", shared: false);
        var outcomes = await Task.WhenAll(Capture(firstWaits), Capture(secondWaits));

        // PostgreSQL aborts exactly one of them (deadlock_timeout later); the other then gets its lock.
        var victim = Assert.Single(outcomes, e => e is not null)!;
        Assert.True(StoreErrors.IsTransientConflict(victim), victim.ToString());
    }

    private static async Task<Exception?> Capture(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
