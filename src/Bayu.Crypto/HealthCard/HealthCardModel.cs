namespace Bayu.Crypto.HealthCard;

/// <summary>Card type: a temporary card is issued before real-name verification, a formal one after.</summary>
public enum HealthCardType
{
    /// <summary>临时卡.</summary>
    Temporary,

    /// <summary>正式卡.</summary>
    Formal,
}

/// <summary>Card status; only a normal card may be used.</summary>
public enum HealthCardStatus
{
    /// <summary>正常.</summary>
    Normal,

    /// <summary>挂失/冻结: temporarily unusable, can be resumed.</summary>
    Suspended,

    /// <summary>注销: permanently unusable.</summary>
    Revoked,
}

/// <summary>An electronic health card (电子健康卡). Status changes return a new value.</summary>
public sealed record HealthCard(string MasterIndexId, string CardId, HealthCardType Type, HealthCardStatus Status, DateTimeOffset IssuedAt)
{
    /// <summary>Suspends a normal card.</summary>
    public HealthCard Suspend() => Status == HealthCardStatus.Normal
        ? this with { Status = HealthCardStatus.Suspended }
        : throw new InvalidOperationException($"Only a normal card can be suspended; this one is {Status}.");

    /// <summary>Resumes a suspended card.</summary>
    public HealthCard Resume() => Status == HealthCardStatus.Suspended
        ? this with { Status = HealthCardStatus.Normal }
        : throw new InvalidOperationException($"Only a suspended card can be resumed; this one is {Status}.");

    /// <summary>Revokes the card for good.</summary>
    public HealthCard Revoke() => Status != HealthCardStatus.Revoked
        ? this with { Status = HealthCardStatus.Revoked }
        : throw new InvalidOperationException("The card is already revoked.");

    /// <summary>Turns a temporary card into a formal one after real-name verification; the card ID stays.</summary>
    public HealthCard MakeFormal() => Type == HealthCardType.Temporary && Status != HealthCardStatus.Revoked
        ? this with { Type = HealthCardType.Formal }
        : throw new InvalidOperationException($"Only a live temporary card can become formal; this one is {Type}/{Status}.");
}
