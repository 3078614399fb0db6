using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace Bayu.Crypto.Sm;

/// <summary>SM2 signatures (GB/T 32918.2) and public-key encryption (GB/T 32918.4), computed by BouncyCastle.</summary>
public static class Sm2
{
    /// <summary>The distinguishing ID that GM/T 0009 and OpenSSL use when none is agreed.</summary>
    public const string DefaultId = "1234567812345678";

    // SM2 hashes the ID length into Z as a 16-bit bit count, so longer IDs cannot be represented.
    private const int MaxIdBytes = 8191;

    internal static byte[] Sign(Sm2PrivateKey key, ReadOnlySpan<byte> message, string distinguishingId, SecureRandom random)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithID(new ParametersWithRandom(key.Parameters, random), IdBytes(distinguishingId)));
        signer.BlockUpdate(message);
        return signer.GenerateSignature();
    }

    internal static bool Verify(Sm2PublicKey key, ReadOnlySpan<byte> message, ReadOnlySpan<byte> derSignature, string distinguishingId)
    {
        var signer = new SM2Signer();
        signer.Init(false, new ParametersWithID(key.Parameters, IdBytes(distinguishingId)));
        signer.BlockUpdate(message);
        try
        {
            return signer.VerifySignature(derSignature.ToArray());
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            // A malformed DER signature is simply not a valid signature.
            return false;
        }
    }

    internal static byte[] Encrypt(Sm2PublicKey key, ReadOnlySpan<byte> plaintext, SecureRandom random)
    {
        if (plaintext.IsEmpty)
        {
            throw new ArgumentException("SM2 cannot encrypt an empty message.", nameof(plaintext));
        }
        var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.Init(true, new ParametersWithRandom(key.Parameters, random));
        return engine.ProcessBlock(plaintext.ToArray(), 0, plaintext.Length);
    }

    internal static byte[] Decrypt(Sm2PrivateKey key, ReadOnlySpan<byte> c1c3c2)
    {
        var engine = new SM2Engine(SM2Engine.Mode.C1C3C2);
        engine.Init(false, key.Parameters);
        try
        {
            return engine.ProcessBlock(c1c3c2.ToArray(), 0, c1c3c2.Length);
        }
        catch (Exception ex) when (ex is InvalidCipherTextException or ArgumentException)
        {
            throw new CryptographicException("SM2 decryption failed: wrong key or damaged ciphertext.", ex);
        }
    }

    private static byte[] IdBytes(string distinguishingId)
    {
        var bytes = Encoding.UTF8.GetBytes(distinguishingId);
        return bytes.Length <= MaxIdBytes
            ? bytes
            : throw new ArgumentException($"An SM2 distinguishing ID is at most {MaxIdBytes} bytes.", nameof(distinguishingId));
    }
}
