using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Utilities;

namespace Bayu.Crypto.Sm;

/// <summary>
/// Converts SM2 ciphertexts between the raw C1C3C2 layout and the GM/T 0009 ASN.1 <c>SM2Cipher</c>
/// SEQUENCE { x INTEGER, y INTEGER, hash OCTET STRING, ciphertext OCTET STRING } that OpenSSL reads and writes.
/// </summary>
public static class Sm2Ciphertext
{
    private const int CoordinateSize = 32;
    private const int C1Size = 1 + (2 * CoordinateSize);

    /// <summary>C1C3C2 (C1 uncompressed) to DER.</summary>
    public static byte[] ToAsn1(ReadOnlySpan<byte> c1c3c2)
    {
        if (c1c3c2.Length <= C1Size + Sm3.HashSize || c1c3c2[0] != 0x04)
        {
            throw new FormatException("Not an SM2 C1C3C2 ciphertext with an uncompressed C1 point.");
        }
        var x = new BigInteger(1, c1c3c2.Slice(1, CoordinateSize).ToArray());
        var y = new BigInteger(1, c1c3c2.Slice(1 + CoordinateSize, CoordinateSize).ToArray());
        var c3 = c1c3c2.Slice(C1Size, Sm3.HashSize).ToArray();
        var c2 = c1c3c2[(C1Size + Sm3.HashSize)..].ToArray();
        return new DerSequence(new DerInteger(x), new DerInteger(y), new DerOctetString(c3), new DerOctetString(c2)).GetDerEncoded();
    }

    /// <summary>DER to C1C3C2 (C1 uncompressed).</summary>
    public static byte[] FromAsn1(ReadOnlySpan<byte> der)
    {
        try
        {
            var sequence = Asn1Sequence.GetInstance(Asn1Object.FromByteArray(der.ToArray()));
            if (sequence.Count != 4)
            {
                throw new FormatException("An SM2Cipher SEQUENCE has four elements.");
            }
            var x = DerInteger.GetInstance(sequence[0]).PositiveValue;
            var y = DerInteger.GetInstance(sequence[1]).PositiveValue;
            var c3 = Asn1OctetString.GetInstance(sequence[2]).GetOctets();
            var c2 = Asn1OctetString.GetInstance(sequence[3]).GetOctets();
            if (c3.Length != Sm3.HashSize)
            {
                throw new FormatException("The SM2Cipher hash is not 32 bytes.");
            }
            var result = new byte[C1Size + c3.Length + c2.Length];
            result[0] = 0x04;
            BigIntegers.AsUnsignedByteArray(x, result.AsSpan(1, CoordinateSize));
            BigIntegers.AsUnsignedByteArray(y, result.AsSpan(1 + CoordinateSize, CoordinateSize));
            c3.CopyTo(result, C1Size);
            c2.CopyTo(result, C1Size + c3.Length);
            return result;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or InvalidCastException)
        {
            throw new FormatException("Not a DER SM2Cipher structure.", ex);
        }
    }
}
