using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Server.Limits;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// Makes every failure an OperationOutcome: an over-long URL (414), unmatched routes (404) and
/// wrong methods (405) anywhere on the server, deadlocks and lock time-outs (409, rolled back,
/// retry), a database that did not answer in time (503, retry later), and — as a last resort —
/// unexpected exceptions (500, logged without request content). Requests Kestrel itself cannot
/// parse as HTTP (a NUL in the request target, a malformed request line) never reach it: Kestrel
/// answers those with a bare 400 and closes the connection (docs/adr/0360).
/// </summary>
public static class FhirErrors
{
    public static IApplicationBuilder UseFhirErrors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            var maxUrl = context.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxUrlLength;
            if (context.Request.Path.Value?.Length + context.Request.QueryString.Value?.Length > maxUrl)
            {
                await FhirResponse.Error(FhirErrorKind.UriTooLong, OperationOutcome.IssueType.TooLong,
                    $"the request's path and query are longer than {maxUrl} characters ({LimitsOptions.Section}:{nameof(LimitsOptions.MaxUrlLength)}); send long searches as POST [type]/_search with a form body").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (FhirError e) when (!context.Response.HasStarted)
            {
                await FhirHttp.Refusal(e, null).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await FhirResponse.Error(FhirHttp.KindOf(e.StatusCode), OperationOutcome.IssueType.Invalid, e.Message).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && Bayu.Storage.Store.StoreErrors.IsTransientConflict(e))
            {
                // A deadlock or lock timeout against a concurrent request: the database rolled the
                // whole request back, so the client may simply retry.
                context.Response.Headers.RetryAfter = "1";
                await FhirResponse.Error(FhirErrorKind.Conflict, OperationOutcome.IssueType.LockError,
                    "the request collided with a concurrent one and was rolled back; nothing was written; retry it").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && Bayu.Storage.Store.StoreErrors.IsTimeout(e))
            {
                // The statement was cancelled and rolled back: the server is overloaded, not the request wrong.
                context.Response.Headers.RetryAfter = "5";
                await FhirResponse.Error(FhirErrorKind.Unavailable, OperationOutcome.IssueType.Transient,
                    $"the database did not answer within its time limit ({LimitsOptions.Section}:{nameof(LimitsOptions.CommandTimeoutSeconds)}); nothing was written; retry later").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                // Exception messages can carry request content (names, ID numbers): log the types
                // and where they were thrown, never the messages.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bayu.Fhir").LogError(
                    "Unhandled {Exceptions} in {Method} {Route} at {StackTrace}",
                    ExceptionChain(e), context.Request.Method, context.GetEndpoint()?.DisplayName, e.StackTrace);
                await FhirResponse.Error(FhirErrorKind.Internal, OperationOutcome.IssueType.Exception, "internal server error").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            // Routing answers an unmatched path (no endpoint) and a wrong method (its 405 endpoint)
            // with an empty body; every FHIR answer with a body has started by now.
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted)
            {
                var message = context.Response.StatusCode == 404
                    ? $"no FHIR interaction at {context.Request.Path}"
                    : $"{context.Request.Method} is not allowed on {context.Request.Path}";
                await FhirResponse.Error(FhirHttp.KindOf(context.Response.StatusCode), OperationOutcome.IssueType.NotSupported, message).ExecuteAsync(context).ConfigureAwait(false);
            }
        });
    }

    private static string ExceptionChain(Exception exception)
    {
        var types = new List<string>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            types.Add(e.GetType().FullName ?? e.GetType().Name);
        }
        return string.Join(" <- ", types);
    }
}
