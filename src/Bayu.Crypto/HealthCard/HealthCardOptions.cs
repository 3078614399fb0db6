using System.ComponentModel.DataAnnotations;

namespace Bayu.Crypto.HealthCard;

/// <summary>
/// Configuration section <c>Bayu:HealthCard</c>. Keys are hex strings that come from configuration
/// (environment variables or a secrets store in production) and are turned into <see cref="SecretKey"/>s,
/// which never print themselves.
/// </summary>
public sealed class HealthCardOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Bayu:HealthCard";

    /// <summary>Root key (32 hex digits) from which the master-index key and per-resident card keys are derived.</summary>
    [Required]
    public string RootKey { get; set; } = "";

    /// <summary>QR protection keys by key ID; terminals hold these to verify codes offline.</summary>
    public Dictionary<string, string> ProtectionKeys { get; set; } = [];

    /// <summary>Key ID used for new QR codes; must be one of <see cref="ProtectionKeys"/>.</summary>
    public string ActiveProtectionKeyId { get; set; } = "";

    /// <summary>How long a dynamic QR code stays valid.</summary>
    [Range(5, 86_400)]
    public int QrValiditySeconds { get; set; } = 60;

    /// <summary>Tolerated clock difference between the issuing phone and the verifying terminal.</summary>
    [Range(0, 600)]
    public int ClockSkewSeconds { get; set; } = 30;
}
