using Bayu.Engine.Context;

namespace Bayu.Server.Fhir;

/// <summary>
/// The engine's <see cref="RequestContext"/> of an HTTP request. Authentication sets it as a
/// request feature; until something has, the caller is anonymous (explicitly, never a null), and
/// the request id is the server's trace identifier so logs and audit records correlate.
/// </summary>
public static class FhirRequestContext
{
    public static RequestContext FhirContext(this HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var context = http.Features.Get<RequestContext>();
        if (context is null)
        {
            context = RequestContext.Anonymous(http.TraceIdentifier);
            http.Features.Set(context);
        }
        return context;
    }

    /// <summary>Sets who is asking (the authentication step does this).</summary>
    public static void SetFhirContext(this HttpContext http, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Features.Set(context);
    }
}
