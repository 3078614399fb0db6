using Bayu.Storage.Outbox;
using Bayu.Storage.Store;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// Receives every new resource version (the outbox writes its delivery in the version's
/// transaction) and records those whose <c>meta.source</c> names an institution. Idempotent, as
/// at-least-once delivery demands: <see cref="SubmissionTable.RecordAsync"/> counts a version once.
/// </summary>
internal sealed class SubmissionHandler(IResourceStore store, SubmissionTable table) : IOutboxHandler
{
    /// <summary>Stored in each delivery row: renaming it orphans pending deliveries.</summary>
    public const string HandlerName = "institution-registry.submissions";

    public string Name => HandlerName;

    public static OutboxSubscription Subscription(string handler) => new(handler);

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
