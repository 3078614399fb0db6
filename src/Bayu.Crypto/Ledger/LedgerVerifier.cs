using Bayu.Crypto.Sm;

namespace Bayu.Crypto.Ledger;

/// <summary>Result of a full ledger verification.</summary>
/// <param name="IsValid">True when every entry and every signed tree head checks out.</param>
/// <param name="FirstBadIndex">The first entry that cannot be trusted, when one can be named.</param>
/// <param name="Problem">What went wrong, for a human.</param>
/// <param name="EntriesChecked">Entries read before stopping.</param>
/// <param name="TreeHeadsChecked">Signed tree heads whose signature and root matched.</param>
/// <param name="UnsignedEntries">Entries after the last signed tree head: intact as far as their hashes go, but not yet vouched for.</param>
public sealed record LedgerVerification(bool IsValid, long? FirstBadIndex, string Problem, long EntriesChecked, int TreeHeadsChecked, long UnsignedEntries);

/// <summary>
/// Re-reads the whole ledger and checks it against its signed tree heads (ADR 0701).
/// Per entry: position = stored index (catches deletions, insertions, reordering) and content = stored
/// leaf hash (catches edits). Per signed tree head: SM2 signature and recomputed root at that size
/// (catches a forger who also rewrote the stored hashes; the bad entry is then after the last good head).
/// </summary>
public static class LedgerVerifier
{
    /// <summary>Verifies <paramref name="store"/> with the ledger's public key.</summary>
    public static LedgerVerification Verify(ILedgerStore store, IMerkleHasher hasher, Sm2PublicKey key)
    {
        var heads = store.ReadTreeHeads();
        for (var i = 0; i < heads.Count; i++)
        {
            var previousSize = i == 0 ? 0 : heads[i - 1].Head.TreeSize;
            if (!heads[i].VerifySignature(key))
            {
                return Bad(previousSize, $"signed tree head #{i} (size {heads[i].Head.TreeSize}) has an invalid signature", 0, i);
            }
            if (heads[i].Head.TreeSize < previousSize)
            {
                return Bad(heads[i].Head.TreeSize, $"signed tree head #{i} shrinks the log from {previousSize} to {heads[i].Head.TreeSize}", 0, i);
            }
        }

        var accumulator = new MerkleAccumulator(hasher);
        var nextHead = 0;
        var lastGoodSize = 0L;
        // Heads of size 0 vouch for the empty tree.
        if (CheckHeadsAt(0, heads, ref nextHead, accumulator, ref lastGoodSize) is { } emptyProblem)
        {
            return Bad(0, emptyProblem, 0, nextHead);
        }

        long position = 0;
        using var records = store.ReadAll().GetEnumerator();
        while (true)
        {
            try
            {
                if (!records.MoveNext())
                {
                    break;
                }
            }
            catch (LedgerFormatException ex)
            {
                return Bad(ex.Position, ex.Message, position, nextHead);
            }
            var (entry, storedLeaf) = records.Current;
            if (entry.Index != position)
            {
                return Bad(position, $"position {position} holds entry {entry.Index}: entries were deleted, inserted or reordered", position, nextHead);
            }
            var leaf = entry.LeafHash(hasher);
            if (!leaf.AsSpan().SequenceEqual(storedLeaf))
            {
                return Bad(position, $"entry {position} does not match its leaf hash: it was edited", position, nextHead);
            }
            accumulator.Append(leaf);
            position++;
            if (CheckHeadsAt(position, heads, ref nextHead, accumulator, ref lastGoodSize) is { } problem)
            {
                return Bad(lastGoodSize, problem, position, nextHead);
            }
        }

        if (nextHead < heads.Count)
        {
            var claimed = heads[^1].Head.TreeSize;
            return Bad(position, $"the log has {position} entries but a signed tree head vouches for {claimed}: entries from {position} on were deleted", position, nextHead);
        }
        return new LedgerVerification(true, null, "", position, heads.Count, position - lastGoodSize);
    }

    private static string? CheckHeadsAt(long size, IReadOnlyList<SignedTreeHead> heads, ref int nextHead, MerkleAccumulator accumulator, ref long lastGoodSize)
    {
        byte[]? root = null;
        while (nextHead < heads.Count && heads[nextHead].Head.TreeSize == size)
        {
            root ??= accumulator.Root();
            if (!root.AsSpan().SequenceEqual(heads[nextHead].Head.RootHash))
            {
                return $"the root at size {size} differs from signed tree head #{nextHead}: an entry from {lastGoodSize} to {size - 1} was rewritten together with its stored hash";
            }
            lastGoodSize = size;
            nextHead++;
        }
        return null;
    }

    private static LedgerVerification Bad(long index, string problem, long checkedEntries, int heads) =>
        new(false, index, problem, checkedEntries, heads, 0);
}
