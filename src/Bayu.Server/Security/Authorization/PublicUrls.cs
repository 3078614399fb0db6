using Microsoft.Extensions.Options;

namespace Bayu.Server.Security.Authorization;

/// <summary>The absolute URLs the discovery documents and tokens name: the configured public base, or the request's own.</summary>
internal static class PublicUrls
{
    public static string Base(HttpContext http)
    {
        var configured = http.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.PublicBaseUrl;
        return (configured is { Length: > 0 } ? configured : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}").TrimEnd('/');
    }

    public static string FhirBase(HttpContext http) => Base(http) + "/fhir";

    public static bool SameUrl(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
