using Org.BouncyCastle.Crypto.Digests;

namespace Bayu.Crypto.Ledger;

/// <summary>
/// The hash function of an RFC 9162 Merkle tree with its domain separation: leaves are hashed
/// with a 0x00 prefix, interior nodes with 0x01, so a leaf can never pass for a node.
/// </summary>
public interface IMerkleHasher
{
    /// <summary>Hash length in bytes.</summary>
    int HashSize { get; }

    /// <summary>Hash of the empty tree: HASH() of no input.</summary>
    byte[] EmptyRoot { get; }

    /// <summary>HASH(0x00 ‖ data).</summary>
    byte[] HashLeaf(ReadOnlySpan<byte> data);

    /// <summary>HASH(0x01 ‖ left ‖ right).</summary>
    byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right);
}

/// <summary>RFC 9162 tree hashing with SM3 in place of SHA-256. Not thread-safe (it reuses one digest).</summary>
public sealed class Sm3MerkleHasher : IMerkleHasher
{
    private static readonly byte[] s_leafPrefix = [0x00];
    private static readonly byte[] s_nodePrefix = [0x01];
    private readonly SM3Digest _digest = new();

    /// <inheritdoc />
    public int HashSize => 32;

    /// <inheritdoc />
    public byte[] EmptyRoot => Finish();

    /// <inheritdoc />
    public byte[] HashLeaf(ReadOnlySpan<byte> data)
    {
        _digest.BlockUpdate(s_leafPrefix);
        _digest.BlockUpdate(data);
        return Finish();
    }

    /// <inheritdoc />
    public byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        _digest.BlockUpdate(s_nodePrefix);
        _digest.BlockUpdate(left);
        _digest.BlockUpdate(right);
        return Finish();
    }

    private byte[] Finish()
    {
        var result = new byte[32];
        _digest.DoFinal(result);
        return result;
    }
}
