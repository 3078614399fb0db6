using Bayu.Crypto.Ledger;

namespace Bayu.Crypto.Tests.Support;

/// <summary>
/// An in-memory <see cref="ILedgerStore"/>, so the log's Merkle logic is tested here without files;
/// the file-backed store and its tamper tests live with it (Bayu.Storage).
/// </summary>
internal sealed class MemoryLedgerStore : ILedgerStore
{
    private readonly List<LedgerRecord> _records = [];
    private readonly List<SignedTreeHead> _heads = [];

    public long Count => _records.Count;

    public void Append(LedgerRecord record)
    {
        if (record.Entry.Index != _records.Count)
        {
            throw new InvalidOperationException($"Append-only: the next index is {_records.Count}, not {record.Entry.Index}.");
        }
        _records.Add(record);
    }

    public IEnumerable<LedgerRecord> ReadAll() => _records;

    public IReadOnlyList<byte[]> ReadLeafHashes(long count) => [.. _records.Take((int)count).Select(r => r.LeafHash)];

    public LedgerRecord Read(long index) => _records[(int)index];

    public void AppendTreeHead(SignedTreeHead head) => _heads.Add(head);

    public IReadOnlyList<SignedTreeHead> ReadTreeHeads() => _heads;

    public void Flush()
    {
    }

    public void Dispose()
    {
    }
}
