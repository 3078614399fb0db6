using System.Numerics;

namespace Bayu.Crypto.Ledger;

/// <summary>
/// RFC 9162 §2.1 Merkle tree hash, inclusion and consistency proofs, over a list of leaf hashes.
/// Generation follows the recursive definitions (MTH, PATH, SUBPROOF); verification follows the
/// iterative algorithms of §2.1.3.2 and §2.1.4.2 literally, so the two check each other.
/// </summary>
public static class MerkleTree
{
    /// <summary>MTH(D[n]) given the n leaf hashes.</summary>
    public static byte[] Root(IMerkleHasher hasher, IReadOnlyList<byte[]> leafHashes) =>
        leafHashes.Count == 0 ? hasher.EmptyRoot : Subtree(hasher, leafHashes, 0, leafHashes.Count);

    /// <summary>PATH(m, D[n]): the audit path of leaf <paramref name="leafIndex"/> in the first <paramref name="treeSize"/> leaves.</summary>
    public static IReadOnlyList<byte[]> InclusionPath(IMerkleHasher hasher, IReadOnlyList<byte[]> leafHashes, long leafIndex, long treeSize)
    {
        if (treeSize > leafHashes.Count || leafIndex < 0 || leafIndex >= treeSize)
        {
            throw new ArgumentOutOfRangeException(nameof(leafIndex), $"Leaf {leafIndex} is not in a tree of size {treeSize} (log has {leafHashes.Count}).");
        }
        var path = new List<byte[]>();
        Path(hasher, leafHashes, (int)leafIndex, 0, (int)treeSize, path);
        return path;
    }

    /// <summary>PROOF(m, D[n]): consistency between the first <paramref name="firstSize"/> and <paramref name="secondSize"/> leaves.</summary>
    public static IReadOnlyList<byte[]> ConsistencyPath(IMerkleHasher hasher, IReadOnlyList<byte[]> leafHashes, long firstSize, long secondSize)
    {
        if (secondSize > leafHashes.Count || firstSize < 0 || firstSize > secondSize)
        {
            throw new ArgumentOutOfRangeException(nameof(firstSize), $"No consistency proof from size {firstSize} to {secondSize} (log has {leafHashes.Count}).");
        }
        var path = new List<byte[]>();
        // The empty tree is consistent with every tree, and a tree with itself: both proofs are empty.
        if (firstSize > 0 && firstSize < secondSize)
        {
            SubProof(hasher, leafHashes, (int)firstSize, 0, (int)secondSize, true, path);
        }
        return path;
    }

    /// <summary>RFC 9162 §2.1.3.2: does <paramref name="path"/> prove the leaf is in the tree with <paramref name="root"/>?</summary>
    public static bool VerifyInclusion(IMerkleHasher hasher, long leafIndex, long treeSize, ReadOnlySpan<byte> leafHash, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> root)
    {
        if (leafIndex < 0 || leafIndex >= treeSize)
        {
            return false;
        }
        var fn = leafIndex;
        var sn = treeSize - 1;
        var r = leafHash.ToArray();
        foreach (var p in path)
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                r = hasher.HashChildren(p, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                r = hasher.HashChildren(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && r.AsSpan().SequenceEqual(root);
    }

    /// <summary>RFC 9162 §2.1.4.2: does <paramref name="path"/> prove the second tree extends the first?</summary>
    public static bool VerifyConsistency(IMerkleHasher hasher, long firstSize, long secondSize, ReadOnlySpan<byte> firstRoot, ReadOnlySpan<byte> secondRoot, IReadOnlyList<byte[]> path)
    {
        if (firstSize < 0 || firstSize > secondSize)
        {
            return false;
        }
        if (firstSize == secondSize)
        {
            return path.Count == 0 && firstRoot.SequenceEqual(secondRoot);
        }
        if (firstSize == 0)
        {
            return path.Count == 0;
        }
        if (path.Count == 0)
        {
            return false;
        }
        var proof = BitOperations.IsPow2(firstSize) ? [firstRoot.ToArray(), .. path] : path.ToList();
        var fn = firstSize - 1;
        var sn = secondSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }
        var fr = proof[0];
        var sr = proof[0];
        foreach (var c in proof.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn)
            {
                fr = hasher.HashChildren(c, fr);
                sr = hasher.HashChildren(c, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                sr = hasher.HashChildren(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && fr.AsSpan().SequenceEqual(firstRoot) && sr.AsSpan().SequenceEqual(secondRoot);
    }

    // k: the largest power of two smaller than n (n > 1).
    private static int Split(int n) => (int)BitOperations.RoundUpToPowerOf2((uint)n) >> 1;

    private static byte[] Subtree(IMerkleHasher hasher, IReadOnlyList<byte[]> leaves, int start, int count)
    {
        if (count == 1)
        {
            return leaves[start];
        }
        var k = Split(count);
        return hasher.HashChildren(Subtree(hasher, leaves, start, k), Subtree(hasher, leaves, start + k, count - k));
    }

    private static void Path(IMerkleHasher hasher, IReadOnlyList<byte[]> leaves, int m, int start, int count, List<byte[]> path)
    {
        if (count == 1)
        {
            return;
        }
        var k = Split(count);
        if (m < k)
        {
            Path(hasher, leaves, m, start, k, path);
            path.Add(Subtree(hasher, leaves, start + k, count - k));
        }
        else
        {
            Path(hasher, leaves, m - k, start + k, count - k, path);
            path.Add(Subtree(hasher, leaves, start, k));
        }
    }

    private static void SubProof(IMerkleHasher hasher, IReadOnlyList<byte[]> leaves, int m, int start, int count, bool complete, List<byte[]> path)
    {
        if (m == count)
        {
            if (!complete)
            {
                path.Add(Subtree(hasher, leaves, start, count));
            }
            return;
        }
        var k = Split(count);
        if (m <= k)
        {
            SubProof(hasher, leaves, m, start, k, complete, path);
            path.Add(Subtree(hasher, leaves, start + k, count - k));
        }
        else
        {
            SubProof(hasher, leaves, m - k, start + k, count - k, false, path);
            path.Add(Subtree(hasher, leaves, start, k));
        }
    }
}
