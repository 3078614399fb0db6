using System.Buffers.Binary;
using Bayu.Crypto.Sm;

namespace Bayu.Crypto.Ledger;

/// <summary>The state of the log at a size: what a signed tree head vouches for.</summary>
public sealed record TreeHead(long TreeSize, DateTimeOffset Timestamp, byte[] RootHash)
{
    /// <summary>
    /// The signed bytes: the TLS encoding of RFC 9162 TreeHeadDataV2 — uint64 timestamp (ms),
    /// uint64 tree_size, opaque root_hash&lt;32..2^8-1&gt;, Extension extensions&lt;0..2^16-1&gt; (empty).
    /// </summary>
    public byte[] SigningInput()
    {
        var data = new byte[8 + 8 + 1 + RootHash.Length + 2];
        BinaryPrimitives.WriteUInt64BigEndian(data, (ulong)Timestamp.ToUnixTimeMilliseconds());
        BinaryPrimitives.WriteUInt64BigEndian(data.AsSpan(8), (ulong)TreeSize);
        data[16] = (byte)RootHash.Length;
        RootHash.CopyTo(data, 17);
        return data;
    }

    /// <summary>Signs this head with SM2.</summary>
    public SignedTreeHead Sign(Sm2PrivateKey key) => new(this, key.Sign(SigningInput()));
}

/// <summary>A tree head with its SM2 signature (DER).</summary>
public sealed record SignedTreeHead(TreeHead Head, byte[] Signature)
{
    /// <summary>True when the signature verifies under <paramref name="key"/>.</summary>
    public bool VerifySignature(Sm2PublicKey key) => key.Verify(Head.SigningInput(), Signature);

    /// <summary>One text line: size, Unix ms, root hex, signature hex.</summary>
    public string ToLine() =>
        $"{Head.TreeSize} {Head.Timestamp.ToUnixTimeMilliseconds()} {Convert.ToHexString(Head.RootHash)} {Convert.ToHexString(Signature)}";

    /// <summary>Parses <see cref="ToLine"/>'s format.</summary>
    public static SignedTreeHead Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || !long.TryParse(parts[0], out var size) || size < 0 || !long.TryParse(parts[1], out var ms))
        {
            throw new FormatException("A signed tree head line is 'size unix-ms root-hex signature-hex'.");
        }
        return new SignedTreeHead(
            new TreeHead(size, DateTimeOffset.FromUnixTimeMilliseconds(ms), Convert.FromHexString(parts[2])),
            Convert.FromHexString(parts[3]));
    }
}
