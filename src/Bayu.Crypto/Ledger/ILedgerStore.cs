namespace Bayu.Crypto.Ledger;

/// <summary>
/// Append-only storage for ledger records and signed tree heads. The Merkle math never touches
/// storage directly and Bayu.Crypto does no I/O, so stores live where I/O does (the file store is
/// Bayu.Storage's <c>FileLedgerStore</c>).
/// </summary>
public interface ILedgerStore : IDisposable
{
    /// <summary>Number of records.</summary>
    long Count { get; }

    /// <summary>Appends a record; its entry index must equal <see cref="Count"/>.</summary>
    void Append(LedgerRecord record);

    /// <summary>Reads all records in order. A structurally unreadable record throws <see cref="LedgerFormatException"/>.</summary>
    IEnumerable<LedgerRecord> ReadAll();

    /// <summary>Reads the stored leaf hashes of the first <paramref name="count"/> records.</summary>
    IReadOnlyList<byte[]> ReadLeafHashes(long count);

    /// <summary>Reads one record.</summary>
    LedgerRecord Read(long index);

    /// <summary>Appends a signed tree head.</summary>
    void AppendTreeHead(SignedTreeHead head);

    /// <summary>All signed tree heads in the order they were written.</summary>
    IReadOnlyList<SignedTreeHead> ReadTreeHeads();

    /// <summary>Makes appended data durable.</summary>
    void Flush();
}

/// <summary>A stored record cannot even be parsed; <see cref="Position"/> is its position in the store.</summary>
public sealed class LedgerFormatException(long position, string message) : Exception(message)
{
    /// <summary>Zero-based position of the unreadable record.</summary>
    public long Position { get; } = position;
}
