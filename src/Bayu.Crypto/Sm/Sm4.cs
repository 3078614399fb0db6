using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;

namespace Bayu.Crypto.Sm;

/// <summary>SM4 block cipher modes.</summary>
public enum Sm4Mode
{
    /// <summary>Electronic codebook with PKCS#7 padding (as <c>openssl enc -sm4-ecb</c>).</summary>
    Ecb,

    /// <summary>Cipher block chaining with PKCS#7 padding (as <c>openssl enc -sm4-cbc</c>).</summary>
    Cbc,

    /// <summary>Galois/counter mode: 12-byte nonce, 16-byte tag appended to the ciphertext (RFC 8998).</summary>
    Gcm,
}

/// <summary>SM4 (GB/T 32907-2016) encryption in ECB, CBC and GCM modes, computed by BouncyCastle.</summary>
public static class Sm4
{
    /// <summary>Key length in bytes.</summary>
    public const int KeySize = 16;

    /// <summary>Block length in bytes (also the CBC IV length).</summary>
    public const int BlockSize = 16;

    /// <summary>GCM nonce length in bytes.</summary>
    public const int GcmNonceSize = 12;

    /// <summary>GCM authentication tag length in bytes.</summary>
    public const int GcmTagSize = 16;

    /// <summary>Encrypts with the given mode; <paramref name="iv"/> is the CBC IV or the GCM nonce and must be empty for ECB.</summary>
    public static byte[] Encrypt(Sm4Mode mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => mode switch
    {
        Sm4Mode.Ecb when RequireNoIv(iv) => EncryptEcb(key, data),
        Sm4Mode.Cbc => EncryptCbc(key, iv, data),
        Sm4Mode.Gcm => EncryptGcm(key, iv, data, []),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Decrypts with the given mode; throws <see cref="CryptographicException"/> on bad padding or a failed GCM tag.</summary>
    public static byte[] Decrypt(Sm4Mode mode, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> data) => mode switch
    {
        Sm4Mode.Ecb when RequireNoIv(iv) => DecryptEcb(key, data),
        Sm4Mode.Cbc => DecryptCbc(key, iv, data),
        Sm4Mode.Gcm => DecryptGcm(key, iv, data, []),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>SM4-ECB with PKCS#7 padding.</summary>
    public static byte[] EncryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext) =>
        RunPadded(new SM4Engine(), true, Key(key), plaintext);

    /// <summary>Inverse of <see cref="EncryptEcb"/>.</summary>
    public static byte[] DecryptEcb(ReadOnlySpan<byte> key, ReadOnlySpan<byte> ciphertext) =>
        RunPadded(new SM4Engine(), false, Key(key), ciphertext);

    /// <summary>SM4-CBC with PKCS#7 padding.</summary>
    public static byte[] EncryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext) =>
        RunPadded(new CbcBlockCipher(new SM4Engine()), true, new ParametersWithIV(Key(key), CheckIv(iv)), plaintext);

    /// <summary>Inverse of <see cref="EncryptCbc"/>.</summary>
    public static byte[] DecryptCbc(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext) =>
        RunPadded(new CbcBlockCipher(new SM4Engine()), false, new ParametersWithIV(Key(key), CheckIv(iv)), ciphertext);

    /// <summary>SM4-GCM; returns ciphertext followed by the 16-byte tag.</summary>
    public static byte[] EncryptGcm(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData) =>
        RunGcm(true, key, nonce, plaintext, associatedData);

    /// <summary>Inverse of <see cref="EncryptGcm"/>; throws <see cref="CryptographicException"/> if the tag does not verify.</summary>
    public static byte[] DecryptGcm(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> ciphertextAndTag, ReadOnlySpan<byte> associatedData)
    {
        if (ciphertextAndTag.Length < GcmTagSize)
        {
            throw new CryptographicException($"SM4-GCM input is {ciphertextAndTag.Length} bytes, shorter than the {GcmTagSize}-byte tag.");
        }
        return RunGcm(false, key, nonce, ciphertextAndTag, associatedData);
    }

    /// <summary>The raw block cipher under one key (no mode, no padding), for test vectors and key diversification.</summary>
    public static Sm4BlockEncryptor CreateBlockEncryptor(ReadOnlySpan<byte> key) => new(Key(key));

    private static bool RequireNoIv(ReadOnlySpan<byte> iv) => iv.IsEmpty
        ? true
        : throw new ArgumentException("SM4-ECB takes no IV.", nameof(iv));

    internal static KeyParameter Key(ReadOnlySpan<byte> key) => key.Length == KeySize
        ? new KeyParameter(key)
        : throw new ArgumentException($"An SM4 key is {KeySize} bytes ({KeySize * 2} hex digits), not {key.Length}.", nameof(key));

    private static byte[] CheckIv(ReadOnlySpan<byte> iv) => iv.Length == BlockSize
        ? iv.ToArray()
        : throw new ArgumentException($"An SM4-CBC IV is {BlockSize} bytes ({BlockSize * 2} hex digits), not {iv.Length}.", nameof(iv));

    private static byte[] RunPadded(IBlockCipher cipher, bool encrypt, ICipherParameters parameters, ReadOnlySpan<byte> input)
    {
        if (!encrypt && (input.Length == 0 || input.Length % BlockSize != 0))
        {
            throw new CryptographicException($"SM4 ciphertext must be a non-empty multiple of {BlockSize} bytes; got {input.Length}.");
        }
        var padded = new PaddedBufferedBlockCipher(cipher, new Pkcs7Padding());
        padded.Init(encrypt, parameters);
        return Finish(padded, input, "bad padding: wrong key or IV, or damaged ciphertext");
    }

    private static byte[] RunGcm(bool encrypt, ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> input, ReadOnlySpan<byte> associatedData)
    {
        if (nonce.Length != GcmNonceSize)
        {
            throw new ArgumentException($"An SM4-GCM nonce is {GcmNonceSize} bytes ({GcmNonceSize * 2} hex digits), not {nonce.Length}.", nameof(nonce));
        }
        var gcm = new GcmBlockCipher(new SM4Engine());
        gcm.Init(encrypt, new AeadParameters(Key(key), GcmTagSize * 8, nonce.ToArray(), associatedData.ToArray()));
        return Finish(gcm, input, "authentication tag mismatch: wrong key or nonce, or damaged ciphertext");
    }

    private static byte[] Finish(IBufferedCipher cipher, ReadOnlySpan<byte> input, string failure)
    {
        var output = new byte[cipher.GetOutputSize(input.Length)];
        try
        {
            var length = cipher.ProcessBytes(input, output);
            length += cipher.DoFinal(output.AsSpan(length));
            return length == output.Length ? output : output[..length];
        }
        catch (InvalidCipherTextException ex)
        {
            throw new CryptographicException($"SM4 decryption failed: {failure}.", ex);
        }
    }

    private static byte[] Finish(GcmBlockCipher cipher, ReadOnlySpan<byte> input, string failure)
    {
        var output = new byte[cipher.GetOutputSize(input.Length)];
        try
        {
            var length = cipher.ProcessBytes(input, output);
            length += cipher.DoFinal(output.AsSpan(length));
            return length == output.Length ? output : output[..length];
        }
        catch (InvalidCipherTextException ex)
        {
            throw new CryptographicException($"SM4 decryption failed: {failure}.", ex);
        }
    }
}

/// <summary>Encrypts single 16-byte blocks under a fixed key; reusing it avoids re-running the key schedule.</summary>
public sealed class Sm4BlockEncryptor
{
    private readonly SM4Engine _engine = new();

    internal Sm4BlockEncryptor(KeyParameter key) => _engine.Init(true, key);

    /// <summary>Encrypts one block; <paramref name="input"/> and <paramref name="output"/> may be the same buffer.</summary>
    public void EncryptBlock(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (input.Length != Sm4.BlockSize || output.Length < Sm4.BlockSize)
        {
            throw new ArgumentException($"SM4 blocks are {Sm4.BlockSize} bytes.", nameof(input));
        }
        _engine.ProcessBlock(input, output);
    }
}
