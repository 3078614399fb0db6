using System.Security.Cryptography;

namespace Bayu.Crypto.HealthCard;

/// <summary>
/// A 128-bit SM4 key from configuration. It never prints itself, so a key that ends up in a log
/// line, an exception message or a debugger string shows only "redacted".
/// </summary>
public sealed class SecretKey
{
    private readonly byte[] _bytes;

    private SecretKey(byte[] bytes) => _bytes = bytes;

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Parses 32 hex digits; the error message names the setting, never the value.</summary>
    public static SecretKey FromHex(string? hex, string settingName)
    {
        if (string.IsNullOrWhiteSpace(hex))
        {
            throw new ArgumentException($"{settingName} is not set.", nameof(hex));
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex.Trim());
        }
        catch (FormatException)
        {
            throw new FormatException($"{settingName} is not hexadecimal.");
        }
        return bytes.Length == Sm.Sm4.KeySize
            ? new SecretKey(bytes)
            : throw new ArgumentException($"{settingName} must be {Sm.Sm4.KeySize * 2} hex digits ({Sm.Sm4.KeySize} bytes), not {bytes.Length * 2}.", nameof(hex));
    }

    internal static SecretKey FromBytes(ReadOnlySpan<byte> bytes) => new(bytes.ToArray());

    /// <summary>Constant-time comparison.</summary>
    public bool SameAs(SecretKey other) => CryptographicOperations.FixedTimeEquals(_bytes, other._bytes);

    /// <inheritdoc />
    public override string ToString() => "SecretKey(redacted)";
}
