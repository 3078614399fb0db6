using System.Collections.Concurrent;
using Bayu.Storage.Store;

namespace Bayu.Storage.Outbox;

/// <summary>
/// The store's view of the registered subscriptions: which handlers a version or an event goes
/// to. Decided once per resource type or kind and cached, so the write path pays a dictionary
/// look-up per write; with no subscriptions it pays nothing at all (<see cref="IsEmpty"/>).
/// </summary>
internal sealed class OutboxRouting
{
    public static readonly OutboxRouting None = new([]);

    internal static readonly TableShape Deliveries = new("outbox_deliveries",
        ("handler", ColumnKind.Text), ("kind", ColumnKind.Text), ("resource_type", ColumnKind.Text), ("resource_id", ColumnKind.Text),
        ("version_id", ColumnKind.Int32), ("method", ColumnKind.Int16), ("payload", ColumnKind.Json), ("ordering_key", ColumnKind.Text),
        ("state", ColumnKind.Int16), ("attempts", ColumnKind.Int32), ("due_at", ColumnKind.Int64), ("created_at", ColumnKind.Int64));

    private readonly OutboxSubscription[] _resourceSubscriptions;
    private readonly Dictionary<string, OutboxSubscription[]> _byKind;
    private readonly ConcurrentDictionary<string, OutboxSubscription[]> _byType = new(StringComparer.Ordinal);

    public OutboxRouting(IEnumerable<OutboxSubscription> subscriptions)
    {
        var all = subscriptions.ToArray();
        foreach (var s in all)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(s.Handler);
        }
        if (all.GroupBy(s => s.Handler, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"outbox handler '{twice.Key}' is subscribed twice; give it one subscription", nameof(subscriptions));
        }
        Subscriptions = all;
        _resourceSubscriptions = [.. all.Where(s => s.ResourceChanges)];
        _byKind = all.SelectMany(s => (s.EventKinds ?? []).Distinct(StringComparer.Ordinal).Select(kind => (kind, s)))
            .GroupBy(p => p.kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.s).ToArray(), StringComparer.Ordinal);
    }

    public IReadOnlyList<OutboxSubscription> Subscriptions { get; }

    public bool IsEmpty => Subscriptions.Count == 0;

    /// <summary>Adds the delivery rows of a new version (none when no handler wants its type).</summary>
    public void AddVersion(StoredResource version, List<object?[]> rows)
    {
        var targets = _byType.GetOrAdd(version.ResourceType, type =>
            [.. _resourceSubscriptions.Where(s => s.ResourceTypes is null || s.ResourceTypes.Contains(type, StringComparer.Ordinal))]);
        foreach (var s in targets)
        {
            if (s.Accepts is { } accepts && !accepts(version))
            {
                continue;
            }
            rows.Add(Row(s, OutboxEvent.ResourceVersionKind, version.ResourceType, version.Id, version.VersionId, (short)version.Method, null, version.LastUpdated.UtcTicks));
        }
    }

    /// <summary>Adds the delivery rows of an explicit event (none when no handler wants its kind).</summary>
    public void AddEvent(OutboxEvent e, long createdAt, List<object?[]> rows)
    {
        if (!_byKind.TryGetValue(e.Kind, out var targets))
        {
            return;
        }
        foreach (var s in targets)
        {
            rows.Add(Row(s, e.Kind, e.ResourceType, e.ResourceId, null, null, e.Payload, createdAt));
        }
    }

    // due_at 0: due at once, whatever the clock of the worker that claims it.
    private static object?[] Row(OutboxSubscription s, string kind, string? type, string? id, int? version, short? method, string? payload, long createdAt) =>
        [s.Handler, kind, type, id, version, method, payload, s.Ordered && type is not null && id is not null ? type + "/" + id : null,
            (short)DeliveryState.Pending, 0, 0L, createdAt];
}
