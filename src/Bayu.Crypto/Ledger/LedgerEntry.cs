using System.Buffers.Binary;

namespace Bayu.Crypto.Ledger;

/// <summary>
/// One ledger entry. The Merkle leaf is index ‖ timestamp ‖ payload, so moving an entry or changing
/// its time changes its leaf hash just as editing its payload does.
/// </summary>
public sealed record LedgerEntry(long Index, DateTimeOffset Timestamp, byte[] Payload)
{
    /// <summary>The bytes hashed into the tree: uint64 index, int64 Unix milliseconds (both big-endian), payload.</summary>
    public byte[] LeafData()
    {
        var data = new byte[16 + Payload.Length];
        BinaryPrimitives.WriteInt64BigEndian(data, Index);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(8), Timestamp.ToUnixTimeMilliseconds());
        Payload.CopyTo(data, 16);
        return data;
    }

    /// <summary>The entry's leaf hash under <paramref name="hasher"/>.</summary>
    public byte[] LeafHash(IMerkleHasher hasher) => hasher.HashLeaf(LeafData());
}

/// <summary>An entry as stored: with the leaf hash computed when it was appended.</summary>
public sealed record LedgerRecord(LedgerEntry Entry, byte[] LeafHash);
