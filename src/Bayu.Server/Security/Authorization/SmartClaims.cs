namespace Bayu.Server.Security.Authorization;

/// <summary>The claims Bayu puts in its tokens, beyond OpenID Connect's own.</summary>
public static class SmartClaims
{
    public const string FhirUser = "fhirUser";
    public const string Patient = "patient";
    public const string Encounter = "encounter";
    public const string Roles = "bayu_roles";
    public const string Kind = "bayu_kind";
    public const string PractitionerRole = "bayu_practitioner_role";
    public const string Organization = "bayu_organization";

    /// <summary>The audience of every access token: the FHIR API, whatever host name reached it.</summary>
    public const string FhirAudience = "bayu-fhir";

    public const string ClientKind = "client";
    public const string PersonKind = "person";

    /// <summary>Application property holding the scopes a backend client may be granted (space-separated).</summary>
    public const string AllowedScopesProperty = "bayu_allowed_scopes";

    /// <summary>Application property: the client is a resource server and may introspect tokens issued to other apps.</summary>
    public const string ResourceServerProperty = "bayu_resource_server";
}
