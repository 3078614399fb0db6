namespace Bayu.Crypto.HealthCard;

/// <summary>QR protection keys by key ID. Several IDs let a region roll keys without invalidating terminals at once.</summary>
public sealed class ProtectionKeyRing
{
    private readonly Dictionary<string, SecretKey> _keys;

    /// <summary>Creates a ring; key IDs are 1–32 characters of letters, digits, '-' or '_'.</summary>
    public ProtectionKeyRing(IReadOnlyDictionary<string, SecretKey> keys)
    {
        foreach (var id in keys.Keys)
        {
            if (!IsValidKeyId(id))
            {
                throw new ArgumentException($"Protection key ID '{id}' must be 1–32 letters, digits, '-' or '_'.", nameof(keys));
            }
        }
        _keys = new Dictionary<string, SecretKey>(keys, StringComparer.Ordinal);
    }

    /// <summary>Builds the ring from configuration.</summary>
    public static ProtectionKeyRing FromOptions(HealthCardOptions options) =>
        new(options.ProtectionKeys.ToDictionary(
            pair => pair.Key,
            pair => SecretKey.FromHex(pair.Value, $"HealthCard:ProtectionKeys:{pair.Key}")));

    /// <summary>Looks a key up by ID.</summary>
    public bool TryGet(string keyId, out SecretKey key) => _keys.TryGetValue(keyId, out key!);

    internal static bool IsValidKeyId(string id) =>
        id.Length is >= 1 and <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}

/// <summary>What an offline terminal knows about card statuses (typically a downloaded revocation list).</summary>
public interface ICardStatusSource
{
    /// <summary>The card's status, or null when the terminal has no information (treated as normal).</summary>
    HealthCardStatus? StatusOf(string cardId);
}

/// <summary>A status list held in memory, e.g. the revocation list a terminal synchronised last night.</summary>
public sealed class CardStatusList(IReadOnlyDictionary<string, HealthCardStatus> statuses) : ICardStatusSource
{
    /// <summary>A list that knows no card.</summary>
    public static CardStatusList Empty { get; } = new(new Dictionary<string, HealthCardStatus>());

    /// <inheritdoc />
    public HealthCardStatus? StatusOf(string cardId) =>
        statuses.TryGetValue(cardId, out var status) ? status : null;
}
