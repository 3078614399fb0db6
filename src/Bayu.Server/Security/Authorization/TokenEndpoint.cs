using System.Security.Claims;
using System.Text.Json;
using Bayu.Engine.Access;
using Bayu.Server.Security.Accounts;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// The token endpoint after OpenIddict has authenticated the client and checked the grant: codes and
/// refresh tokens for people (the account must still be active), and SMART Backend Services'
/// <c>client_credentials</c> with the client's allowed <c>system/</c> scopes, a token of at most five
/// minutes and a client assertion that may not be replayed.
/// </summary>
internal static class TokenEndpoint
{
    public static async Task<IResult> HandleAsync(HttpContext http, AccountService accounts, AuthDbContext db, IOpenIddictApplicationManager applications,
        IOptions<SecurityOptions> options, TimeProvider time, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("not an OpenIddict token request");
        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var result = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme).ConfigureAwait(false);
            var principal = result.Principal ?? throw new InvalidOperationException("OpenIddict validated the grant but gave no principal");
            var account = await accounts.FindByIdAsync(principal.GetClaim(Claims.Subject) ?? "", ct).ConfigureAwait(false);
            if (account is null || account.Disabled)
            {
                return OAuthRefusal.Refuse(Errors.InvalidGrant, "the account is no longer active");
            }
            var identity = new ClaimsIdentity(principal.Claims, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            Identities.SetDestinations(identity);
            var refreshed = new ClaimsPrincipal(identity);
            refreshed.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.Value.AccessTokenMinutes));
            return Results.SignIn(refreshed, Identities.LaunchParameters(refreshed), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        if (request.IsClientCredentialsGrantType())
        {
            var clientId = request.ClientId ?? "";
            var application = await applications.FindByClientIdAsync(clientId, ct).ConfigureAwait(false);
            if (application is null)
            {
                return OAuthRefusal.Refuse(Errors.InvalidClient, "unknown client");
            }
            if (request.ClientAssertion is { Length: > 0 } assertion && !await FirstUseAsync(db, clientId, assertion, time, ct).ConfigureAwait(false))
            {
                return OAuthRefusal.Refuse(Errors.InvalidClient, "the client assertion was already used (its jti is spent) or has no jti");
            }
            var properties = await applications.GetPropertiesAsync(application, ct).ConfigureAwait(false);
            var allowed = properties.TryGetValue(SmartClaims.AllowedScopesProperty, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : [];
            var granted = request.GetScopes().Where(s => Allowed(s, allowed)).ToList();
            if (granted.Count == 0)
            {
                return OAuthRefusal.Refuse(Errors.InvalidScope, "none of the requested scopes is allowed for this client; backend clients get system/ scopes they were registered with");
            }
            var identity = Identities.ForClient(clientId);
            identity.SetScopes(granted);
            identity.SetResources(SmartClaims.FhirAudience);
            Identities.SetDestinations(identity);
            var principal = new ClaimsPrincipal(identity);
            principal.SetAccessTokenLifetime(TimeSpan.FromMinutes(options.Value.BackendTokenMinutes));
            return Results.SignIn(principal, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        }
        return OAuthRefusal.Refuse(Errors.UnsupportedGrantType, "grant types: authorization_code, refresh_token, client_credentials");
    }

    /// <summary>Whether a requested scope is within one the client was registered with (a registered wildcard covers a narrower request).</summary>
    internal static bool Allowed(string requested, IReadOnlyList<string> registered)
    {
        if (registered.Contains(requested, StringComparer.Ordinal))
        {
            return true;
        }
        if (!SmartScope.TryParse(requested, out var asked))
        {
            return false;
        }
        foreach (var text in registered)
        {
            if (SmartScope.TryParse(text, out var grant) && grant.Level == asked.Level && grant.Covers(asked.ResourceType)
                && (grant.Permissions & asked.Permissions) == asked.Permissions && (grant.Filters.Count == 0 || grant.Filters.SequenceEqual(asked.Filters)))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Records the assertion's <c>jti</c>; false when it was used before (or is missing), RFC 7523 §3 and SMART Backend Services.</summary>
    private static async Task<bool> FirstUseAsync(AuthDbContext db, string clientId, string assertion, TimeProvider time, CancellationToken ct)
    {
        var token = new JsonWebTokenHandler().ReadJsonWebToken(assertion);
        if (string.IsNullOrEmpty(token.Id))
        {
            return false;
        }
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await db.UsedAssertions.Where(u => u.ExpiresAt < now).ExecuteDeleteAsync(ct).ConfigureAwait(false);
        db.UsedAssertions.Add(new UsedAssertion { ClientId = clientId, Jti = token.Id, ExpiresAt = new DateTimeOffset(token.ValidTo, TimeSpan.Zero).ToUnixTimeMilliseconds() + 60_000 });
        try
        {
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException)
        {
            return false;
        }
    }
}
