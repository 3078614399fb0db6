using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Bayu.Crypto.Sm;

/// <summary>SM3 hash (GB/T 32905-2016) and HMAC-SM3, computed by BouncyCastle.</summary>
public static class Sm3
{
    /// <summary>Digest length in bytes.</summary>
    public const int HashSize = 32;

    /// <summary>Computes the SM3 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data);
        var result = new byte[HashSize];
        digest.DoFinal(result);
        return result;
    }

    /// <summary>Computes HMAC-SM3 (RFC 2104 construction over SM3) of <paramref name="data"/> under <paramref name="key"/>.</summary>
    public static byte[] Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var result = new byte[HashSize];
        mac.DoFinal(result);
        return result;
    }

    /// <summary>Creates an incremental hasher for data that arrives in pieces (files, streams).</summary>
    public static Sm3Hasher CreateHasher() => new();
}

/// <summary>Incremental SM3; not thread-safe.</summary>
public sealed class Sm3Hasher
{
    private readonly SM3Digest _digest = new();

    /// <summary>Adds <paramref name="data"/> to the running hash.</summary>
    public void Append(ReadOnlySpan<byte> data) => _digest.BlockUpdate(data);

    /// <summary>Returns the digest of everything appended and resets the hasher.</summary>
    public byte[] GetHashAndReset()
    {
        var result = new byte[Sm3.HashSize];
        _digest.DoFinal(result);
        return result;
    }
}
