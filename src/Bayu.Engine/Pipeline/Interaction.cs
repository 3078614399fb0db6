namespace Bayu.Engine.Pipeline;

/// <summary>What is being done: the FHIR interaction, its target, and the bundle entry it belongs to.</summary>
/// <param name="EntryIndex">The entry of a batch or transaction this interaction is, or null for a request of its own.</param>
/// <param name="Operation">For <see cref="InteractionKind.Operation"/>: its name, without the <c>$</c>.</param>
public sealed record Interaction(InteractionKind Kind, string? ResourceType = null, string? Id = null, int? EntryIndex = null, string? Operation = null)
{
    public bool IsWrite => Kind is InteractionKind.Create or InteractionKind.Update or InteractionKind.Patch or InteractionKind.Delete
        or InteractionKind.ConditionalCreate or InteractionKind.ConditionalUpdate or InteractionKind.ConditionalDelete;

    public override string ToString() => (Operation is null ? Kind.ToString() : "$" + Operation) + (ResourceType is null ? "" : " " + ResourceType + (Id is null ? "" : "/" + Id)) + (EntryIndex is { } i ? $" (entry {i})" : "");
}

public enum InteractionKind
{
    Read,
    VRead,
    Search,
    History,
    Create,
    ConditionalCreate,
    Update,
    ConditionalUpdate,
    Patch,
    Delete,
    ConditionalDelete,
    Batch,
    Transaction,
    Operation,
    Capabilities,
}
