using Bayu.Storage.Outbox;
using Bayu.Storage.Store;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// Receives the new resource versions whose <c>meta.source</c> names an institution (the outbox
/// writes their deliveries in the version's transaction; the others cost no delivery) and records them. Idempotent, as
/// at-least-once delivery demands: <see cref="SubmissionTable.RecordAsync"/> counts a version once.
/// </summary>
internal sealed class SubmissionHandler(IResourceStore store, SubmissionTable table) : IOutboxHandler
{
    /// <summary>Stored in each delivery row: renaming it orphans pending deliveries.</summary>
    public const string HandlerName = "institution-registry.submissions";

    public string Name => HandlerName;

    // Only attributed versions become deliveries: a write without meta.source (most of them, and
    // every bulk load) pays one substring test, not a delivery row and a dispatcher round.
    public static OutboxSubscription Subscription(string handler) => new(handler, Accepts: Attributed);

    private static bool Attributed(StoredResource version) =>
        !version.Deleted && version.Json is { } json && SubmissionSource.TryGetOrganizationId(SubmissionSource.MetaSourceOf(json), out _);

    public async Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        // A deletion carries no resource, so no source to attribute it by.
        if (message is not { IsResourceVersion: true, ResourceType: { } type, ResourceId: { } id, VersionId: { } version } || message.Method == StoredMethod.Delete)
        {
            return;
        }
        var stored = await store.ReadVersionAsync(type, id, version, ct).ConfigureAwait(false);
        if (stored?.Json is not { } json || !SubmissionSource.TryGetOrganizationId(SubmissionSource.MetaSourceOf(json), out var organization))
        {
            return;
        }
        await table.RecordAsync(new Submission(organization, type, id, version, stored.LastUpdated), ct).ConfigureAwait(false);
    }
}
