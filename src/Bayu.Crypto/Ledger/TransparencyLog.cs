using Bayu.Crypto.Sm;

namespace Bayu.Crypto.Ledger;

/// <summary>Proof that a leaf is in the tree of a given size (RFC 9162 inclusion proof).</summary>
public sealed record InclusionProof(long LeafIndex, long TreeSize, byte[] LeafHash, IReadOnlyList<byte[]> Path)
{
    /// <summary>True when the path leads from the leaf hash to <paramref name="root"/>.</summary>
    public bool Verify(IMerkleHasher hasher, ReadOnlySpan<byte> root) =>
        MerkleTree.VerifyInclusion(hasher, LeafIndex, TreeSize, LeafHash, Path, root);
}

/// <summary>Proof that the tree of the second size extends the tree of the first (RFC 9162 consistency proof).</summary>
public sealed record ConsistencyProof(long FirstSize, long SecondSize, IReadOnlyList<byte[]> Path)
{
    /// <summary>True when the path proves <paramref name="secondRoot"/>'s tree only appended to <paramref name="firstRoot"/>'s.</summary>
    public bool Verify(IMerkleHasher hasher, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot) =>
        MerkleTree.VerifyConsistency(hasher, FirstSize, SecondSize, firstRoot, secondRoot, Path);
}

/// <summary>
/// The append-only ledger: appends entries, keeps the Merkle root current, signs tree heads and
/// produces proofs. Storage is whatever <see cref="ILedgerStore"/> it is given.
/// </summary>
public sealed class TransparencyLog
{
    private readonly ILedgerStore _store;
    private readonly IMerkleHasher _hasher;
    private readonly TimeProvider _time;
    private readonly MerkleAccumulator _accumulator;

    /// <summary>Opens the log over <paramref name="store"/>, rebuilding the running root from the stored leaf hashes.</summary>
    public TransparencyLog(ILedgerStore store, IMerkleHasher hasher, TimeProvider time)
    {
        (_store, _hasher, _time) = (store, hasher, time);
        _accumulator = new MerkleAccumulator(hasher);
        foreach (var leaf in store.ReadLeafHashes(store.Count))
        {
            _accumulator.Append(leaf);
        }
    }

    /// <summary>Number of entries.</summary>
    public long Size => _accumulator.Size;

    /// <summary>Appends <paramref name="payload"/> as the next entry.</summary>
    public LedgerEntry Append(ReadOnlySpan<byte> payload)
    {
        var entry = new LedgerEntry(_accumulator.Size, _time.GetUtcNow(), payload.ToArray());
        var leafHash = entry.LeafHash(_hasher);
        _store.Append(new LedgerRecord(entry, leafHash));
        _accumulator.Append(leafHash);
        return entry;
    }

    /// <summary>The current, unsigned tree head.</summary>
    public TreeHead CurrentTreeHead() => new(Size, _time.GetUtcNow(), _accumulator.Root());

    /// <summary>Signs the current tree head, stores it and flushes the store.</summary>
    public SignedTreeHead SignTreeHead(Sm2PrivateKey key)
    {
        var signed = CurrentTreeHead().Sign(key);
        _store.AppendTreeHead(signed);
        return signed;
    }

    /// <summary>Inclusion proof of entry <paramref name="index"/> in the tree of size <paramref name="treeSize"/>.</summary>
    public InclusionProof ProveInclusion(long index, long treeSize)
    {
        var leaves = ReadLeaves(treeSize);
        if (index < 0 || index >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Entry {index} is not in a tree of size {treeSize}.");
        }
        return new InclusionProof(index, treeSize, leaves[(int)index], MerkleTree.InclusionPath(_hasher, leaves, index, treeSize));
    }

    /// <summary>Consistency proof from size <paramref name="firstSize"/> to <paramref name="secondSize"/>.</summary>
    public ConsistencyProof ProveConsistency(long firstSize, long secondSize)
    {
        if (firstSize < 0 || firstSize > secondSize)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSize), $"A consistency proof needs 0 ≤ first ({firstSize}) ≤ second ({secondSize}).");
        }
        return new ConsistencyProof(firstSize, secondSize, MerkleTree.ConsistencyPath(_hasher, ReadLeaves(secondSize), firstSize, secondSize));
    }

    private IReadOnlyList<byte[]> ReadLeaves(long treeSize) => treeSize >= 0 && treeSize <= Size
        ? _store.ReadLeafHashes(treeSize)
        : throw new ArgumentOutOfRangeException(nameof(treeSize), $"The log has {Size} entries; there is no tree of size {treeSize}.");
}
