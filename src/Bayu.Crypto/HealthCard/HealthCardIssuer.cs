using System.Security.Cryptography;
using System.Text;
using Bayu.Crypto.Sm;

namespace Bayu.Crypto.HealthCard;

/// <summary>
/// Derives master index IDs and card IDs (ADR 0700). Both are deterministic: the same resident
/// always gets the same master index ID and card ID, so re-issuing after a lost phone keeps the card.
/// </summary>
public sealed class HealthCardIssuer
{
    // Domain-separation labels keep the two derived keys independent of each other.
    private static readonly byte[] s_indexKeyLabel = "BAYU-EHC-v1 master-index key"u8.ToArray();
    private static readonly byte[] s_cardKeyLabel = "BAYU-EHC-v1 card key|"u8.ToArray();

    private readonly SecretKey _rootKey;
    private readonly byte[] _indexKey;

    /// <summary>Creates an issuer over the configured root key.</summary>
    public HealthCardIssuer(SecretKey rootKey)
    {
        _rootKey = rootKey;
        _indexKey = Sm3.Hmac(rootKey.Bytes, s_indexKeyLabel);
    }

    /// <summary>
    /// Master index ID (主索引): upper-case hex of HMAC-SM3 over "type|number". Keyed, because a plain
    /// hash of an ID number can be reversed by enumerating the small space of valid ID numbers.
    /// </summary>
    public string MasterIndexId(IdentityDocument document) =>
        Convert.ToHexString(Sm3.Hmac(_indexKey, Encoding.UTF8.GetBytes(document.TypeCode + "|" + document.Number)));

    /// <summary>Card ID: upper-case hex of SM4-ECB(type code + number) under the resident's derived key.</summary>
    public string CardId(IdentityDocument document) =>
        Convert.ToHexString(Sm4.EncryptEcb(ResidentKey(MasterIndexId(document)), Encoding.UTF8.GetBytes(document.Canonical)));

    /// <summary>Issues a card with status normal.</summary>
    public HealthCard Issue(IdentityDocument document, HealthCardType type, DateTimeOffset issuedAt)
    {
        var masterIndexId = MasterIndexId(document);
        var cardId = Convert.ToHexString(Sm4.EncryptEcb(ResidentKey(masterIndexId), Encoding.UTF8.GetBytes(document.Canonical)));
        return new HealthCard(masterIndexId, cardId, type, HealthCardStatus.Normal, issuedAt);
    }

    /// <summary>Recovers "type code + number" from a card ID; only the root-key holder can do this.</summary>
    public string RecoverDocument(string masterIndexId, string cardId)
    {
        byte[] cipher;
        try
        {
            cipher = Convert.FromHexString(cardId);
        }
        catch (FormatException)
        {
            throw new FormatException("A card ID is hexadecimal.");
        }
        var plain = Sm4.DecryptEcb(ResidentKey(masterIndexId), cipher);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Per-resident key: the first 16 bytes of HMAC-SM3(root key, label | master index ID).</summary>
    private byte[] ResidentKey(string masterIndexId)
    {
        var input = new byte[s_cardKeyLabel.Length + masterIndexId.Length];
        s_cardKeyLabel.CopyTo(input, 0);
        Encoding.ASCII.GetBytes(masterIndexId, input.AsSpan(s_cardKeyLabel.Length));
        var mac = Sm3.Hmac(_rootKey.Bytes, input);
        var key = mac[..Sm4.KeySize];
        CryptographicOperations.ZeroMemory(mac);
        return key;
    }
}
