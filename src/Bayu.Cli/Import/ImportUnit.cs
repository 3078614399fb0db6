namespace Bayu.Cli.Import;

/// <summary>One entry of a unit: its resource type and a label to name it in failure reports.</summary>
internal sealed record ImportEntry(string ResourceType, string Label);

/// <summary>
/// What is sent in one go: a transaction or batch Bundle (as UTF-8 JSON), where it came from and
/// what it holds. NDJSON files become several batch units; a bundle file is one unit.
/// </summary>
/// <param name="SourceBytes">Bytes of the input file consumed for this unit, for the progress bar.</param>
/// <param name="IsReferenceData">Holds only shared reference data (organizations, practitioners …)
/// that later units may point at through conditional references, so it must finish before they start.</param>
internal sealed record ImportUnit(
    string Source,
    byte[] Bundle,
    bool IsTransaction,
    IReadOnlyList<ImportEntry> Entries,
    bool IsReferenceData,
    long SourceBytes) : IImportItem;

/// <summary>Something in the input that could not even be sent (unreadable JSON, not a resource).</summary>
internal sealed record ImportInputError(string Source, string Reason, long SourceBytes) : IImportItem;

/// <summary>What the reader yields: a unit to send, or an input error to report.</summary>
internal interface IImportItem
{
    string Source { get; }

    long SourceBytes { get; }
}

/// <summary>The outcome of one entry after the target processed its unit.</summary>
internal sealed record EntryOutcome(bool Succeeded, string? Status, string? Reason);
