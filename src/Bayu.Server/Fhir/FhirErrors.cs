using Bayu.Storage.Writing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// Makes every failure under <c>/fhir</c> an OperationOutcome: unmatched routes (404), wrong methods
/// (405), deadlocks and lock time-outs (409, rolled back, retry), and — as a last resort — unexpected exceptions (500, logged without request content).
/// </summary>
public static class FhirErrors
{
    public static IApplicationBuilder UseFhirErrors(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/fhir", StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }
            try
            {
                await next(context).ConfigureAwait(false);
            }
            catch (FhirOperationError e) when (!context.Response.HasStarted)
            {
                await FhirResponse.Outcome(e.Status, e.Outcome).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await FhirResponse.Error(e.StatusCode, OperationOutcome.IssueType.Invalid, e.Message).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && Bayu.Storage.Store.StoreErrors.IsTransientConflict(e))
            {
                // A deadlock or lock timeout against a concurrent request: the database rolled the
                // whole request back, so the client may simply retry.
                context.Response.Headers.RetryAfter = "1";
                await FhirResponse.Error(409, OperationOutcome.IssueType.LockError,
                    "the request collided with a concurrent one and was rolled back; nothing was written; retry it").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                // Exception messages can carry request content (names, ID numbers): log the types
                // and where they were thrown, never the messages.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Bayu.Fhir").LogError(
                    "Unhandled {Exceptions} in {Method} {Route} at {StackTrace}",
                    ExceptionChain(e), context.Request.Method, context.GetEndpoint()?.DisplayName, e.StackTrace);
                await FhirResponse.Error(500, OperationOutcome.IssueType.Exception, "internal server error").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }
            if (context.Response.StatusCode is 404 or 405 && !context.Response.HasStarted && context.GetEndpoint() is null)
            {
                var message = context.Response.StatusCode == 404
                    ? $"no FHIR interaction at {context.Request.Path}"
                    : $"{context.Request.Method} is not allowed on {context.Request.Path}";
                await FhirResponse.Error(context.Response.StatusCode, OperationOutcome.IssueType.NotSupported, message).ExecuteAsync(context).ConfigureAwait(false);
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
