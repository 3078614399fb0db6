using System.Collections.Concurrent;
using Bayu.Storage.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace Bayu.Storage.Tests.Outbox;

/// <summary>A handler that records every call, and the deliveries it handled without failing.</summary>
public sealed class RecordingHandler(string name, Func<OutboxMessage, CancellationToken, Task>? behaviour = null) : IOutboxHandler
{
    public string Name => name;

    public ConcurrentQueue<OutboxMessage> Calls { get; } = new();

    public ConcurrentQueue<OutboxMessage> Handled { get; } = new();

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        Calls.Enqueue(message);
        if (behaviour is not null)
        {
            await behaviour(message, ct);
        }
        Handled.Enqueue(message);
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}

public static class Dispatching
{
    /// <summary>A clock that moves only when the test says, started at the real time.</summary>
    public static FakeTimeProvider Clock() => new(DateTimeOffset.UtcNow);

    /// <summary>Rounds until one claims nothing; returns the deliveries claimed.</summary>
    public static async Task<int> DrainAsync(this OutboxDispatcher dispatcher)
    {
        var total = 0;
        int claimed;
        while ((claimed = await dispatcher.RunOnceAsync()) > 0)
        {
            total += claimed;
        }
        return total;
    }

    public static async Task<long> CountAsync(this OutboxQueue queue, string handler, DeliveryState state) =>
        (await queue.CountsAsync()).Where(c => c.Handler == handler && c.State == state).Sum(c => c.Count);
}
