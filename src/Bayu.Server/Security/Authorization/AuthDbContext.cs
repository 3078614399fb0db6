using Bayu.Server.Security.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// The authorization server's tables on the platform's own database (SQLite file or PostgreSQL):
/// OpenIddict's applications, authorizations, scopes and tokens, plus Bayu's accounts, one-time
/// codes and the client assertions already used. EF Core only here: OpenIddict's stores are built
/// on it, and the resource store keeps its hand-tuned SQL (ADR 0900).
/// </summary>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<OneTimeCode> OneTimeCodes => Set<OneTimeCode>();

    public DbSet<UsedAssertion> UsedAssertions => Set<UsedAssertion>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().ToTable("bayu_auth_applications");
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreAuthorization>().ToTable("bayu_auth_authorizations");
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreScope>().ToTable("bayu_auth_scopes");
        modelBuilder.Entity<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>().ToTable("bayu_auth_tokens");
        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("bayu_auth_accounts");
            account.HasKey(a => a.Id);
            account.HasIndex(a => a.LoginKey).IsUnique();
        });
        modelBuilder.Entity<OneTimeCode>(code =>
        {
            code.ToTable("bayu_auth_one_time_codes");
            code.HasKey(c => c.Id);
            code.HasIndex(c => c.AccountId);
        });
        modelBuilder.Entity<UsedAssertion>(used =>
        {
            used.ToTable("bayu_auth_used_assertions");
            used.HasKey(u => new { u.ClientId, u.Jti });
        });
    }
}

/// <summary>A client assertion's <c>jti</c>, kept until it expires so a replay is refused (RFC 7523 §3).</summary>
public sealed class UsedAssertion
{
    public required string ClientId { get; set; }

    public required string Jti { get; set; }

    public long ExpiresAt { get; set; }
}
