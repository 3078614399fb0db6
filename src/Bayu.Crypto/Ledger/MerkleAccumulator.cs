namespace Bayu.Crypto.Ledger;

/// <summary>
/// Keeps the roots of the perfect subtrees that make up a growing tree (one per set bit of its size),
/// so appending is O(1) amortised and the current root costs O(log n) — the verifier streams a
/// million entries through this without holding them in memory.
/// </summary>
public sealed class MerkleAccumulator(IMerkleHasher hasher)
{
    private readonly List<(byte[] Hash, int Height)> _subtrees = [];

    /// <summary>Number of leaves appended.</summary>
    public long Size { get; private set; }

    /// <summary>Adds the next leaf hash.</summary>
    public void Append(byte[] leafHash)
    {
        var node = (Hash: leafHash, Height: 0);
        while (_subtrees.Count > 0 && _subtrees[^1].Height == node.Height)
        {
            node = (hasher.HashChildren(_subtrees[^1].Hash, node.Hash), node.Height + 1);
            _subtrees.RemoveAt(_subtrees.Count - 1);
        }
        _subtrees.Add(node);
        Size++;
    }

    /// <summary>MTH of all leaves so far: the subtrees folded right to left, as RFC 9162 splits a tree.</summary>
    public byte[] Root()
    {
        if (_subtrees.Count == 0)
        {
            return hasher.EmptyRoot;
        }
        var root = _subtrees[^1].Hash;
        for (var i = _subtrees.Count - 2; i >= 0; i--)
        {
            root = hasher.HashChildren(_subtrees[i].Hash, root);
        }
        return root;
    }
}
