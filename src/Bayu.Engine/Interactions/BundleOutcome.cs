using Bayu.Engine.Errors;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>What a batch or transaction did, entry by entry in request order.</summary>
public sealed record BundleOutcome(Bundle.BundleType RequestType, IReadOnlyList<EntryOutcome> Entries);

/// <summary>One entry's result: exactly one of a write, a read, a search or an error.</summary>
public sealed record EntryOutcome
{
    public WriteResult? Write { get; init; }

    public StoredResource? Read { get; init; }

    public SearchOutcome? Search { get; init; }

    public FhirError? Error { get; init; }

    public bool Succeeded => Error is null;
}
