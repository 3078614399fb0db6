using Bayu.Engine.Errors;
using Bayu.Server.Fhir;
using Bayu.Storage.Outbox;
using Hl7.Fhir.Model;

namespace Bayu.Server.Platform;

/// <summary>
/// The outbox for operators: <c>GET /platform/outbox</c> counts deliveries per handler and state,
/// <c>GET /platform/outbox/dead</c> lists dead letters (no resource content, only references and
/// the error), <c>POST /platform/outbox/replay?handler=X</c> puts them back in the queue.
/// </summary>
internal static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapOutbox(this IEndpointRouteBuilder app)
    {
        app.MapGet("/platform/outbox", CountsAsync);
        app.MapGet("/platform/outbox/dead", DeadAsync);
        app.MapPost("/platform/outbox/replay", ReplayAsync);
        return app;
    }

    private static async Task<IResult> CountsAsync(HttpRequest request, OutboxQueue queue, CancellationToken ct)
    {
        var result = new Parameters();
        foreach (var count in await queue.CountsAsync(ct).ConfigureAwait(false))
        {
            result.Parameter.Add(new Parameters.ParameterComponent
            {
                Name = "deliveries",
                Part =
                [
                    new() { Name = "handler", Value = new FhirString(count.Handler) },
                    new() { Name = "state", Value = new Code(count.State.ToString().ToLowerInvariant()) },
                    new() { Name = "count", Value = new Integer64(count.Count) },
                ],
            });
        }
        return FhirResponse.Model(200, result, FhirNegotiation.From(request));
    }

    private static async Task<IResult> DeadAsync(HttpRequest request, OutboxQueue queue, CancellationToken ct)
    {
        var handler = request.Query["handler"].ToString();
        var dead = await queue.ListDeadAsync(handler.Length > 0 ? handler : null, 100, ct).ConfigureAwait(false);
        var result = new Parameters();
        foreach (var (name, count) in dead.CountByHandler)
        {
            result.Parameter.Add(new() { Name = "total", Part = [new() { Name = "handler", Value = new FhirString(name) }, new() { Name = "count", Value = new Integer64(count) }] });
        }
        foreach (var letter in dead.Items)
        {
            var m = letter.Message;
            var parts = new List<Parameters.ParameterComponent>
            {
                new() { Name = "seq", Value = new Integer64(m.Seq) },
                new() { Name = "handler", Value = new FhirString(m.Handler) },
                new() { Name = "kind", Value = new FhirString(m.Kind) },
                new() { Name = "attempts", Value = new Integer(m.Attempt) },
            };
            if (m.ResourceType is not null && m.ResourceId is not null)
            {
                parts.Add(new() { Name = "resource", Value = new ResourceReference($"{m.ResourceType}/{m.ResourceId}" + (m.VersionId is { } v ? $"/_history/{v}" : "")) });
            }
            if (letter.Error is { } error)
            {
                parts.Add(new() { Name = "error", Value = new FhirString(error) });
            }
            result.Parameter.Add(new() { Name = "dead", Part = parts });
        }
        return FhirResponse.Model(200, result, FhirNegotiation.From(request));
    }

    private static async Task<IResult> ReplayAsync(HttpRequest request, OutboxQueue queue, CancellationToken ct)
    {
        var handler = request.Query["handler"].ToString();
        if (handler.Length == 0)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Required, "replay needs ?handler=<name>: which handler's dead letters to put back");
        }
        var replayed = await queue.ReplayAsync(handler, null, ct).ConfigureAwait(false);
        var result = new Parameters();
        result.Add("replayed", new Integer(replayed));
        return FhirResponse.Model(200, result, FhirNegotiation.From(request));
    }
}
