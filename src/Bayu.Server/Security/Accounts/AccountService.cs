using System.Security.Cryptography;
using Bayu.Crypto.Sm;
using Bayu.Server.Security.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Security.Accounts;

/// <summary>Why a sign-in step failed; the person sees one message for all of them (no account oracle).</summary>
public enum SignInFailure
{
    None,
    WrongCredentials,
    LockedOut,
    CodeRequired,
}

/// <summary>
/// Accounts and their sign-in: password (PBKDF2 through ASP.NET Core Identity's hasher), lockout
/// after repeated failures, and a one-time code to the phone for residents (real-name sign-in,
/// DOMAIN.md §1.7).
/// </summary>
public sealed class AccountService(AuthDbContext db, SecurityKeys keys, IOneTimeCodeSender sender, IOptions<SecurityOptions> options, TimeProvider time)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    public Task<Account?> FindAsync(AccountKind kind, string name, CancellationToken ct) =>
        db.Accounts.SingleOrDefaultAsync(a => a.LoginKey == keys.LoginKey(kind, name), ct);

    public Task<Account?> FindByIdAsync(string id, CancellationToken ct) => db.Accounts.SingleOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>Checks the password (and the code when the account has a phone); counts failures toward lockout.</summary>
    public async Task<SignInFailure> CheckAsync(Account? account, string password, string? code, bool codeNeeded, CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (account is null)
        {
            // The same work as for a real account, so the answer's time tells nothing either.
            Hasher.VerifyHashedPassword(null!, DummyHash, password);
            return SignInFailure.WrongCredentials;
        }
        if (account.Disabled)
        {
            return SignInFailure.WrongCredentials;
        }
        if (account.LockedUntil > now)
        {
            return SignInFailure.LockedOut;
        }
        var passwordOk = Hasher.VerifyHashedPassword(account, account.PasswordHash, password) != PasswordVerificationResult.Failed;
        var codeOk = true;
        if (passwordOk && codeNeeded && account.PhoneCipher is not null)
        {
            if (string.IsNullOrWhiteSpace(code))
            {
                return SignInFailure.CodeRequired;
            }
            codeOk = await UseCodeAsync(account, code.Trim(), now, ct).ConfigureAwait(false);
        }
        if (passwordOk && codeOk)
        {
            account.FailedSignIns = 0;
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return SignInFailure.None;
        }
        account.FailedSignIns++;
        if (account.FailedSignIns >= options.Value.LockoutAttempts)
        {
            account.LockedUntil = now + (long)TimeSpan.FromMinutes(options.Value.LockoutMinutes).TotalMilliseconds;
            account.FailedSignIns = 0;
        }
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return account.LockedUntil > now ? SignInFailure.LockedOut : SignInFailure.WrongCredentials;
    }

    /// <summary>Sends a fresh six-digit code to the account's phone (earlier unused codes stay valid until they expire).</summary>
    public async Task SendCodeAsync(Account account, CancellationToken ct)
    {
        if (account.PhoneCipher is null)
        {
            return;
        }
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        db.OneTimeCodes.Add(new OneTimeCode
        {
            Id = Guid.CreateVersion7().ToString("N"),
            AccountId = account.Id,
            CodeHash = CodeHash(account.Id, code),
            ExpiresAt = time.GetUtcNow().AddMinutes(options.Value.OneTimeCodeMinutes).ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        await sender.SendAsync(keys.UnprotectPhone(account.PhoneCipher), code, ct).ConfigureAwait(false);
    }

    public async Task<Account> CreateAsync(AccountKind kind, string name, string password, string roles, string? fhirUser, string? phone = null,
        string? practitionerRole = null, string? organization = null, string? actsFor = null, CancellationToken ct = default)
    {
        var account = new Account
        {
            Id = Guid.CreateVersion7().ToString("N"),
            LoginKey = keys.LoginKey(kind, name),
            Kind = kind,
            Roles = roles,
            FhirUser = fhirUser,
            PractitionerRole = practitionerRole,
            Organization = organization,
            ActsFor = actsFor,
            PhoneCipher = phone is null ? null : keys.ProtectPhone(phone),
            PasswordHash = "",
        };
        account.PasswordHash = Hasher.HashPassword(account, password);
        db.Accounts.Add(account);
        await db.SaveChangesAsync(ct).ConfigureAwait(false);
        return account;
    }

    private async Task<bool> UseCodeAsync(Account account, string code, long now, CancellationToken ct)
    {
        var hash = CodeHash(account.Id, code);
        var match = await db.OneTimeCodes.FirstOrDefaultAsync(c => c.AccountId == account.Id && c.CodeHash == hash && !c.Used && c.ExpiresAt > now, ct).ConfigureAwait(false);
        if (match is null)
        {
            return false;
        }
        match.Used = true;
        return true;
    }

    private static string CodeHash(string accountId, string code) => Convert.ToHexStringLower(Sm3.Hash(System.Text.Encoding.UTF8.GetBytes(accountId + ":" + code)));

    private static readonly string DummyHash = Hasher.HashPassword(null!, "bayu-no-such-account");
}
