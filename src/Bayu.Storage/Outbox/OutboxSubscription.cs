using Bayu.Storage.Store;

namespace Bayu.Storage.Outbox;

/// <summary>
/// What one outbox handler receives. The store is given every subscription before it starts and
/// writes one delivery row per matching (event, handler) in the transaction that causes the event.
/// </summary>
/// <param name="Handler">The <see cref="IOutboxHandler.Name"/> that will receive the deliveries.</param>
/// <param name="ResourceTypes">Resource types whose new versions the handler receives; null: every type.</param>
/// <param name="EventKinds">Kinds of explicit events (<see cref="OutboxEvent.Kind"/>) the handler receives.</param>
/// <param name="Ordered">
/// Deliver one resource's events in the order they were written: a delivery is not handed out
/// while an earlier one of the same handler and resource is not done (a dead one blocks the
/// resource until it is replayed).
/// </param>
/// <param name="ResourceChanges">False for a handler that receives explicit events only.</param>
/// <param name="Accepts">
/// A cheap test on each new version (its stored JSON is there) deciding whether it is written for
/// the handler at all: a handler interested in a few versions of every type does not make every
/// write pay a delivery row and a round of the dispatcher. Null: every version of the types.
/// </param>
public sealed record OutboxSubscription(
    string Handler,
    IReadOnlyCollection<string>? ResourceTypes = null,
    IReadOnlyCollection<string>? EventKinds = null,
    bool Ordered = false,
    bool ResourceChanges = true,
    Func<StoredResource, bool>? Accepts = null);
