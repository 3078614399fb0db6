using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Hl7.Fhir.Model;

namespace Bayu.Server.Fhir;

/// <summary>
/// <c>[base]/$name</c>, <c>[base]/[type]/$name</c> and <c>[base]/[type]/[id]/$name</c>, GET and
/// POST, for every operation the engine serves: the input becomes a Parameters resource (the
/// query's parameters, plus the body when it is one), the engine checks level, method and the
/// pipeline, and the answer is the operation's resource — or 202 with Content-Location when the
/// operation was accepted to run as a job.
/// </summary>
internal static class OperationEndpoints
{
    public static RouteGroupBuilder MapOperations(this RouteGroupBuilder fhir)
    {
        // The engine reads its operations lazily; reading them now makes two with one name stop the start.
        _ = ((IEndpointRouteBuilder)fhir).ServiceProvider.GetRequiredService<FhirEngine>().Operations;
        fhir.MapMethods("/${operation}", ["GET", "POST"], (string operation, HttpRequest request, FhirEngine engine, CancellationToken ct) => InvokeAsync(operation, null, null, request, engine, ct));
        fhir.MapMethods("/{type}/${operation}", ["GET", "POST"], (string type, string operation, HttpRequest request, FhirEngine engine, CancellationToken ct) => InvokeAsync(operation, type, null, request, engine, ct));
        fhir.MapMethods("/{type}/{id}/${operation}", ["GET", "POST"], (string type, string id, string operation, HttpRequest request, FhirEngine engine, CancellationToken ct) => InvokeAsync(operation, type, id, request, engine, ct));
        return fhir;
    }

    private static async Task<IResult> InvokeAsync(string name, string? type, string? id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        if (type is not null)
        {
            FhirEndpoints.RequireType(type);
        }
        var negotiation = FhirNegotiation.From(request);
        var handler = engine.Operation(name);
        var parameters = new Parameters();
        Resource? body = null;
        IReadOnlyList<OperationOutcome.IssueComponent> issues = [];
        var post = HttpMethods.IsPost(request.Method);
        if (post && (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0))
        {
            if (handler.LenientBody)
            {
                (body, var found) = await FhirEndpoints.ReadResourceLenientAsync(request, ct).ConfigureAwait(false);
                issues = found;
            }
            else
            {
                body = await FhirEndpoints.ReadResourceAsync(request, null, ct).ConfigureAwait(false);
            }
            if (body is Parameters given && type != "Parameters")
            {
                parameters = given;
            }
        }
        foreach (var (key, values) in request.Query)
        {
            if (key is "_format" or "_pretty")
            {
                continue;
            }
            foreach (var value in values)
            {
                parameters.Add(key, new FhirString(value ?? ""));
            }
        }
        var result = await engine.InvokeAsync(request.HttpContext.FhirContext(), name, type, id, parameters, body, readOnly: !post, issues, ct).ConfigureAwait(false);
        if (result.Accepted)
        {
            var accepted = FhirResponse.Outcome(202, result.Resource as OperationOutcome ?? Outcomes.Information($"${name} accepted"), negotiation);
            if (result.StatusLocation is { } location)
            {
                accepted.Headers["Content-Location"] = $"{request.Scheme}://{request.Host}{request.PathBase}/{location.TrimStart('/')}";
            }
            return accepted;
        }
        return result.Resource is { } resource ? FhirResponse.Model(200, resource, negotiation) : FhirResponse.Empty(204);
    }
}
