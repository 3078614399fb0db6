namespace Bayu.Server.Security.Accounts;

/// <summary>
/// A person who signs in: a resident (by resident ID number), a practitioner (by licence number) or
/// an administrator. The login name is kept only as a keyed hash (HMAC-SM3), so the table holds no
/// ID numbers; the phone for one-time codes is SM4-GCM encrypted.
/// </summary>
public sealed class Account
{
    public required string Id { get; set; }

    /// <summary>HMAC-SM3 of the kind and the normalised login name (hex).</summary>
    public required string LoginKey { get; set; }

    public required AccountKind Kind { get; set; }

    /// <summary>The resource standing for the person (<c>Patient/…</c>, <c>Practitioner/…</c>, <c>RelatedPerson/…</c>).</summary>
    public string? FhirUser { get; set; }

    public string? PractitionerRole { get; set; }

    public string? Organization { get; set; }

    /// <summary>Space-separated platform roles (resident, doctor, pharmacist, …; access-rules.json).</summary>
    public required string Roles { get; set; }

    /// <summary>For a guardian or family member: the <c>Patient/…</c> they are authorised to act for.</summary>
    public string? ActsFor { get; set; }

    public required string PasswordHash { get; set; }

    /// <summary>SM4-GCM of the phone number (nonce || ciphertext || tag, base64); null: no one-time code needed.</summary>
    public string? PhoneCipher { get; set; }

    public int FailedSignIns { get; set; }

    /// <summary>Unix ms until which sign-in is refused after too many failures.</summary>
    public long LockedUntil { get; set; }

    public bool Disabled { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}

public enum AccountKind
{
    Resident = 0,
    Practitioner = 1,
    Administrator = 2,
}

/// <summary>A one-time code sent to the account's phone; only its hash is kept.</summary>
public sealed class OneTimeCode
{
    public required string Id { get; set; }

    public required string AccountId { get; set; }

    public required string CodeHash { get; set; }

    public long ExpiresAt { get; set; }

    public bool Used { get; set; }
}
