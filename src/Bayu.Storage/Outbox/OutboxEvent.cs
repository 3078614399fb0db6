namespace Bayu.Storage.Outbox;

/// <summary>
/// An explicit domain event, appended inside a store session so it commits (or not) with the
/// session's writes, and delivered to the handlers subscribed to its kind.
/// </summary>
/// <param name="Kind">What happened, e.g. <c>prescription.signed</c>.</param>
/// <param name="ResourceType">The resource the event is about, if any; with <paramref name="ResourceId"/> it is the ordering key.</param>
/// <param name="Payload">JSON, or null. Keep personal data out: handlers can read the resource by reference.</param>
public sealed record OutboxEvent(string Kind, string? ResourceType = null, string? ResourceId = null, string? Payload = null)
{
    /// <summary>The kind of the events the store writes for new resource versions.</summary>
    public const string ResourceVersionKind = "resource-version";
}
