using Bayu.Storage.Store;

namespace Bayu.Storage.Outbox;

/// <summary>One delivery handed to a handler. Delivery is at least once: a handler must tolerate a repeat.</summary>
/// <param name="Seq">The delivery's position in the outbox (increases with each event written).</param>
/// <param name="Kind"><see cref="OutboxEvent.ResourceVersionKind"/> for a new resource version, else the explicit event's kind.</param>
/// <param name="VersionId">For a resource version: the version written; read it with the store's ReadVersionAsync.</param>
/// <param name="Method">For a resource version: the interaction that wrote it.</param>
/// <param name="Attempt">1 on the first delivery, then 2, 3 ... (a delivery whose worker crashed counts too).</param>
public sealed record OutboxMessage(
    long Seq,
    string Handler,
    string Kind,
    string? ResourceType,
    string? ResourceId,
    int? VersionId,
    StoredMethod? Method,
    string? Payload,
    int Attempt,
    DateTimeOffset CreatedAt)
{
    public bool IsResourceVersion => Kind == OutboxEvent.ResourceVersionKind;
}

/// <summary>Receives the outbox deliveries of its subscription.</summary>
public interface IOutboxHandler
{
    /// <summary>The handler's stable name: it is stored in every delivery row, so renaming orphans pending rows.</summary>
    string Name { get; }

    /// <summary>Handles one delivery; an exception schedules a retry with backoff, up to the dead-letter limit.</summary>
    Task HandleAsync(OutboxMessage message, CancellationToken ct);
}

/// <summary>State of a delivery row.</summary>
public enum DeliveryState : short
{
    Pending = 0,
    Done = 1,
    Dead = 2,
}
