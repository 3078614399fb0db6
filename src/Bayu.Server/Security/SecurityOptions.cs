using System.ComponentModel.DataAnnotations;

namespace Bayu.Server.Security;

/// <summary>Section <c>Bayu:Security</c>: the embedded authorization server, sign-in and token rules.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Bayu:Security";

    /// <summary>
    /// <c>false</c> serves every endpoint without a token, as the platform did before issue 14. Only
    /// for the benchmark's "security off" baseline on loopback: the server logs a warning at start.
    /// </summary>
    public bool Enforce { get; set; } = true;

    /// <summary>The issuer and base of the absolute URLs in the discovery documents; unset: the request's own scheme and host.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Lifetime of a person's access token (SMART apps refresh with <c>offline_access</c>).</summary>
    [Range(1, 1440)]
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>Lifetime of a backend service's token; SMART Backend Services asks for at most five minutes.</summary>
    [Range(1, 5)]
    public int BackendTokenMinutes { get; set; } = 5;

    [Range(1, 365)]
    public int RefreshTokenDays { get; set; } = 14;

    /// <summary>Failed sign-ins in a row before the account is locked.</summary>
    [Range(1, 100)]
    public int LockoutAttempts { get; set; } = 5;

    [Range(1, 1440)]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How long a one-time code is valid.</summary>
    [Range(1, 60)]
    public int OneTimeCodeMinutes { get; set; } = 5;

    /// <summary>Sign-in attempts per client address per minute (ASP.NET Core rate limiter).</summary>
    [Range(1, 10_000)]
    public int SignInPerMinute { get; set; } = 30;

    /// <summary>Token requests per client per minute.</summary>
    [Range(1, 100_000)]
    public int TokensPerMinute { get; set; } = 600;
}
