using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Bayu.Crypto.Sm;

namespace Bayu.Crypto.HealthCard;

/// <summary>Outcome of verifying a dynamic QR code; each refusal has its own value.</summary>
public enum QrVerificationResult
{
    /// <summary>Authentic, unexpired, card usable.</summary>
    Valid,

    /// <summary>Authentic but past its expiry (plus the tolerated clock skew).</summary>
    Expired,

    /// <summary>Fails authentication: altered in transit, forged, or protected by a different key under the same ID.</summary>
    Tampered,

    /// <summary>Authentic, but the card is revoked.</summary>
    Revoked,

    /// <summary>Authentic, but the card is suspended.</summary>
    Suspended,

    /// <summary>Names a protection key this terminal does not hold.</summary>
    UnknownKey,

    /// <summary>Not a Bayu health-card QR code at all (wrong prefix, bad encoding, too short).</summary>
    Malformed,
}

/// <summary>The verification result with the card ID and expiry when the code was authentic.</summary>
public sealed record QrVerification(QrVerificationResult Result, string? CardId, DateTimeOffset? ExpiresAt, string Reason)
{
    /// <summary>True only for <see cref="QrVerificationResult.Valid"/>.</summary>
    public bool IsValid => Result == QrVerificationResult.Valid;
}

/// <summary>Verifies dynamic QR codes offline, as a hospital terminal does, with the protection keys it holds.</summary>
public sealed class QrCodeVerifier(ProtectionKeyRing keys, ICardStatusSource statuses, TimeProvider time, TimeSpan clockSkew)
{
    private const int MinimumBodyLength = Sm4.GcmNonceSize + Sm4.GcmTagSize + 1;

    /// <summary>Verifies <paramref name="text"/> as scanned from the QR code.</summary>
    public QrVerification Verify(string text)
    {
        var parts = text.Trim().Split('.');
        if (parts.Length != 3 || parts[0] != QrCodeFormat.Prefix)
        {
            return Refuse(QrVerificationResult.Malformed, $"not an {QrCodeFormat.Prefix} health-card code");
        }
        var keyId = parts[1];
        if (!ProtectionKeyRing.IsValidKeyId(keyId))
        {
            return Refuse(QrVerificationResult.Malformed, "the key ID field is not a key ID");
        }
        byte[] body;
        try
        {
            body = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException)
        {
            return Refuse(QrVerificationResult.Malformed, "the body is not base64url");
        }
        if (body.Length < MinimumBodyLength)
        {
            return Refuse(QrVerificationResult.Malformed, "the body is too short");
        }
        if (!keys.TryGet(keyId, out var key))
        {
            return Refuse(QrVerificationResult.UnknownKey, $"protection key '{keyId}' is not held by this terminal");
        }

        byte[] plain;
        try
        {
            plain = Sm4.DecryptGcm(key.Bytes, body.AsSpan(0, Sm4.GcmNonceSize), body.AsSpan(Sm4.GcmNonceSize), QrCodeFormat.AssociatedData(keyId));
        }
        catch (CryptographicException)
        {
            return Refuse(QrVerificationResult.Tampered, "the authentication tag does not match");
        }

        var fields = Encoding.UTF8.GetString(plain).Split('|');
        if (fields.Length != 2 || !DateTime.TryParseExact(fields[1], QrCodeFormat.ExpiryFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiryLocal))
        {
            // Authentic yet unparseable means the issuer wrote something this version cannot read.
            return Refuse(QrVerificationResult.Malformed, "authentic content in an unknown layout");
        }
        var cardId = fields[0];
        var expiresAt = new DateTimeOffset(expiryLocal, QrCodeFormat.ChinaStandardTime);

        // A revoked or suspended card is refused even while the code is fresh: that is the stronger signal.
        switch (statuses.StatusOf(cardId))
        {
            case HealthCardStatus.Revoked:
                return new QrVerification(QrVerificationResult.Revoked, cardId, expiresAt, "the card is revoked");
            case HealthCardStatus.Suspended:
                return new QrVerification(QrVerificationResult.Suspended, cardId, expiresAt, "the card is suspended");
        }
        if (time.GetUtcNow() > expiresAt + clockSkew)
        {
            return new QrVerification(QrVerificationResult.Expired, cardId, expiresAt, $"expired at {expiresAt:yyyy-MM-dd HH:mm:ss zzz}");
        }
        return new QrVerification(QrVerificationResult.Valid, cardId, expiresAt, "valid");
    }

    private static QrVerification Refuse(QrVerificationResult result, string reason) => new(result, null, null, reason);
}
