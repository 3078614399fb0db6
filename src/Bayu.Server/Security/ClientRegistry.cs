using System.Text.Json;
using Bayu.Server.Security.Authorization;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security;

/// <summary>A registered client as the administrator sees it.</summary>
public sealed record ClientInfo(string ClientId, string Kind, string? DisplayName, IReadOnlyList<string> RedirectUris, string AllowedScopes);

/// <summary>
/// Registers SMART apps and backend services with the authorization server (<c>bayu clients</c>,
/// the demo seeding): public apps with PKCE and exact redirect URIs; confidential apps with a secret;
/// backend services with a secret or a JWKS of public keys (private_key_jwt, RS384/ES384).
/// </summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications)
{
    /// <param name="secret">For a confidential client (client_secret_basic / _post).</param>
    /// <param name="jwks">A JSON Web Key Set of the client's public keys, for private_key_jwt.</param>
    /// <param name="allowedScopes">Backend clients: the system/ scopes they may be granted.</param>
    /// <param name="resourceServer">May introspect tokens issued to other apps (a FHIR façade, the portal's back end).</param>
    public async Task AddOrUpdateAsync(string clientId, string? displayName, IReadOnlyList<string> redirectUris, string? secret, string? jwks, string? allowedScopes, CancellationToken ct, bool resourceServer = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            DisplayName = displayName ?? clientId,
            ClientType = secret is null && jwks is null ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = secret,
        };
        if (jwks is not null)
        {
            descriptor.JsonWebKeySet = Microsoft.IdentityModel.Tokens.JsonWebKeySet.Create(jwks);
        }
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation, Permissions.Endpoints.Introspection]);
        if (redirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession, Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in redirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
            }
        }
        if (allowedScopes is { Length: > 0 })
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
            descriptor.Properties[SmartClaims.AllowedScopesProperty] = JsonSerializer.SerializeToElement(allowedScopes);
        }
        if (resourceServer)
        {
            descriptor.Properties[SmartClaims.ResourceServerProperty] = JsonSerializer.SerializeToElement(true);
        }
        var existing = await applications.FindByClientIdAsync(clientId, ct).ConfigureAwait(false);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, ct).ConfigureAwait(false);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, ct).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ClientInfo>> ListAsync(CancellationToken ct)
    {
        var list = new List<ClientInfo>();
        await foreach (var application in applications.ListAsync(null, null, ct).ConfigureAwait(false))
        {
            var properties = await applications.GetPropertiesAsync(application, ct).ConfigureAwait(false);
            list.Add(new ClientInfo(
                await applications.GetClientIdAsync(application, ct).ConfigureAwait(false) ?? "",
                await applications.GetClientTypeAsync(application, ct).ConfigureAwait(false) ?? "",
                await applications.GetDisplayNameAsync(application, ct).ConfigureAwait(false),
                [.. await applications.GetRedirectUrisAsync(application, ct).ConfigureAwait(false)],
                properties.TryGetValue(SmartClaims.AllowedScopesProperty, out var scopes) ? scopes.GetString() ?? "" : ""));
        }
        return list;
    }

    /// <summary>Removes the client with its authorizations and token entries, so its tokens are refused from the next request (token entries are checked on every request).</summary>
    public async Task<bool> RevokeAsync(string clientId, CancellationToken ct)
    {
        var application = await applications.FindByClientIdAsync(clientId, ct).ConfigureAwait(false);
        if (application is null)
        {
            return false;
        }
        await applications.DeleteAsync(application, ct).ConfigureAwait(false);
        return true;
    }
}
