using System.Text.Json;
using Bayu.Server.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bayu.Server.Tests.Security;

/// <summary>
/// Access tokens an intruder would try: a real token re-signed with the server's own key but with
/// one claim changed (so only that claim can be why it is refused), or with its signature altered.
/// </summary>
internal static class TokenForge
{
    public static string Resigned(IServiceProvider services, string token, string? audience = null, string? issuer = null)
    {
        var original = new JsonWebTokenHandler().ReadJsonWebToken(token);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var claim in original.Claims.Where(c => c.Type is not ("exp" or "nbf" or "iat" or "iss" or "aud")))
        {
            claims[claim.Type] = claims.TryGetValue(claim.Type, out var existing) ? $"{existing} {claim.Value}" : claim.Value;
        }
        var until = original.ValidTo;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = issuer ?? original.Issuer,
            Audience = audience ?? original.Audiences.First(),
            Expires = until,
            NotBefore = until.AddMinutes(-10),
            IssuedAt = until.AddMinutes(-10),
            TokenType = original.Typ,
            SigningCredentials = new SigningCredentials(services.GetRequiredService<SecurityKeys>().Signing, SecurityAlgorithms.RsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>The same header and payload with one bit of the signature flipped.</summary>
    public static string Tampered(string token)
    {
        var parts = token.Split('.');
        var signature = Base64UrlEncoder.DecodeBytes(parts[2]);
        signature[signature.Length / 2] ^= 0x01;
        return $"{parts[0]}.{parts[1]}.{Base64UrlEncoder.Encode(signature)}";
    }

    /// <summary>The payload changed (a wider scope) while the old signature stays.</summary>
    public static string Widened(string token)
    {
        var parts = token.Split('.');
        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1]));
        var claims = payload.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone(), StringComparer.Ordinal);
        claims["scope"] = "system/*.cruds";
        return $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}.{parts[2]}";
    }
}
