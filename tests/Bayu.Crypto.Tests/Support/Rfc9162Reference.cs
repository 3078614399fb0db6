using System.Security.Cryptography;
using Bayu.Crypto.Ledger;

namespace Bayu.Crypto.Tests.Support;

/// <summary>
/// An independent, deliberately naive transcription of RFC 9162 §2.1 with SHA-256, working on the
/// raw leaf data D[n] exactly as the RFC's recursive definitions do. Used only to check the library.
/// </summary>
internal static class Rfc9162Reference
{
    public static byte[] Mth(byte[][] d)
    {
        if (d.Length == 0)
        {
            return SHA256.HashData([]);
        }
        if (d.Length == 1)
        {
            return SHA256.HashData([0x00, .. d[0]]);
        }
        var k = LargestPowerOfTwoBelow(d.Length);
        return SHA256.HashData([0x01, .. Mth(d[..k]), .. Mth(d[k..])]);
    }

    public static List<byte[]> Path(int m, byte[][] d)
    {
        if (d.Length == 1)
        {
            return [];
        }
        var k = LargestPowerOfTwoBelow(d.Length);
        return m < k ? [.. Path(m, d[..k]), Mth(d[k..])] : [.. Path(m - k, d[k..]), Mth(d[..k])];
    }

    public static List<byte[]> Proof(int m, byte[][] d) => SubProof(m, d, true);

    private static List<byte[]> SubProof(int m, byte[][] d, bool b)
    {
        if (m == d.Length)
        {
            return b ? [] : [Mth(d)];
        }
        var k = LargestPowerOfTwoBelow(d.Length);
        return m <= k ? [.. SubProof(m, d[..k], b), Mth(d[k..])] : [.. SubProof(m - k, d[k..], false), Mth(d[..k])];
    }

    private static int LargestPowerOfTwoBelow(int n)
    {
        var k = 1;
        while (k << 1 < n)
        {
            k <<= 1;
        }
        return k;
    }
}

/// <summary>The library's hasher contract with SHA-256, so the library's tree code can run on the RFC's hash.</summary>
internal sealed class Sha256MerkleHasher : IMerkleHasher
{
    public int HashSize => 32;

    public byte[] EmptyRoot => SHA256.HashData([]);

    public byte[] HashLeaf(ReadOnlySpan<byte> data) => SHA256.HashData([0x00, .. data]);

    public byte[] HashChildren(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) => SHA256.HashData([0x01, .. left, .. right]);
}
