namespace Bayu.Server.Security.Authorization;

/// <summary>
/// <c>/.well-known/smart-configuration</c> (SMART App Launch 2.x), served at the FHIR base and at the
/// root: absolute URLs, S256 only, and the capabilities this server has tests for.
/// </summary>
internal static class SmartConfiguration
{
    public static IResult Get(HttpContext http)
    {
        var root = PublicUrls.Base(http);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = root + "/",
            ["jwks_uri"] = root + "/auth/jwks",
            ["authorization_endpoint"] = root + "/auth/authorize",
            ["token_endpoint"] = root + "/auth/token",
            ["introspection_endpoint"] = root + "/auth/introspect",
            ["revocation_endpoint"] = root + "/auth/revoke",
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", "client_credentials" },
            ["response_types_supported"] = new[] { "code" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post", "private_key_jwt" },
            ["token_endpoint_auth_signing_alg_values_supported"] = new[] { "RS384", "ES384" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[]
            {
                "openid", "fhirUser", "launch", "launch/patient", "offline_access", "online_access",
                "patient/*.cruds", "patient/*.rs", "user/*.cruds", "user/*.rs", "system/*.cruds", "system/*.rs",
                "patient/*.read", "user/*.read", "system/*.read",
            },
            ["capabilities"] = new[]
            {
                "launch-ehr", "launch-standalone", "authorize-post", "client-public", "client-confidential-symmetric",
                "client-confidential-asymmetric", "context-banner", "context-ehr-patient", "context-ehr-encounter",
                "context-standalone-patient", "permission-offline", "permission-patient", "permission-user",
                "permission-v1", "permission-v2", "sso-openid-connect",
            },
        }, contentType: "application/json");
    }
}
