using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bayu.Crypto.Sm;

namespace Bayu.Crypto.HealthCard;

/// <summary>
/// The dynamic QR code text (ADR 0700): <c>EHC1.&lt;keyId&gt;.&lt;base64url(nonce ‖ SM4-GCM(cardId|expiry))&gt;</c>.
/// The expiry is YYYYMMDDHHMMSS in China Standard Time (UTC+8), as the national specification writes times.
/// </summary>
internal static class QrCodeFormat
{
    public const string Prefix = "EHC1";
    public const string ExpiryFormat = "yyyyMMddHHmmss";
    public static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    // The version and key ID are authenticated too, so changing them cannot go unnoticed.
    public static byte[] AssociatedData(string keyId) => Encoding.ASCII.GetBytes(Prefix + "." + keyId);
}

/// <summary>Creates dynamic QR codes for a card with the active protection key.</summary>
public sealed class QrCodeIssuer
{
    private readonly string _keyId;
    private readonly SecretKey _key;
    private readonly TimeSpan _validity;
    private readonly TimeProvider _time;

    /// <summary>Creates an issuer that protects codes with <paramref name="keyId"/> from <paramref name="keys"/>.</summary>
    public QrCodeIssuer(ProtectionKeyRing keys, string keyId, TimeSpan validity, TimeProvider time)
    {
        if (!keys.TryGet(keyId, out var key))
        {
            throw new ArgumentException($"Active protection key ID '{keyId}' is not among the configured protection keys.", nameof(keyId));
        }
        if (validity <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validity), "QR validity must be positive.");
        }
        (_keyId, _key, _validity, _time) = (keyId, key, validity, time);
    }

    /// <summary>Creates an issuer from configuration.</summary>
    public static QrCodeIssuer FromOptions(HealthCardOptions options, TimeProvider time) =>
        new(ProtectionKeyRing.FromOptions(options), options.ActiveProtectionKeyId, TimeSpan.FromSeconds(options.QrValiditySeconds), time);

    /// <summary>Returns the text to put into the QR code and the moment it stops being valid.</summary>
    public (string Text, DateTimeOffset ExpiresAt) Create(string cardId)
    {
        if (string.IsNullOrEmpty(cardId) || cardId.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException("A card ID is non-empty and has no '|'.", nameof(cardId));
        }
        // Whole seconds: the wire format has no fractions, so round the expiry down to what is encoded.
        var expires = _time.GetUtcNow().Add(_validity).ToOffset(QrCodeFormat.ChinaStandardTime);
        var expiresText = expires.ToString(QrCodeFormat.ExpiryFormat, CultureInfo.InvariantCulture);
        var nonce = RandomNumberGenerator.GetBytes(Sm4.GcmNonceSize);
        var sealedBytes = Sm4.EncryptGcm(_key.Bytes, nonce, Encoding.UTF8.GetBytes(cardId + "|" + expiresText), QrCodeFormat.AssociatedData(_keyId));
        var body = Base64Url.EncodeToString([.. nonce, .. sealedBytes]);
        var exact = DateTimeOffset.ParseExact(expiresText, QrCodeFormat.ExpiryFormat, CultureInfo.InvariantCulture, DateTimeStyles.None);
        return ($"{QrCodeFormat.Prefix}.{_keyId}.{body}", new DateTimeOffset(exact.DateTime, QrCodeFormat.ChinaStandardTime));
    }
}
