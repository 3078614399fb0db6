using System.Globalization;
using Bayu.Engine.Errors;
using Bayu.Server.Fhir;
using Bayu.Storage.Jobs;
using Hl7.Fhir.Model;

namespace Bayu.Server.Platform;

/// <summary>
/// Durable jobs over HTTP, in FHIR's asynchronous request pattern: an operation such as
/// <c>POST [base]/$reindex</c> answers 202 Accepted with <c>Content-Location</c> naming the job; <c>GET /platform/jobs/{id}</c>
/// gives its state, progress (also as <c>X-Progress</c>) and result as a Parameters resource;
/// <c>DELETE</c> asks it to stop. Jobs survive restarts and resume where they were.
/// </summary>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/platform/jobs", ListAsync);
        app.MapGet("/platform/jobs/{id}", GetAsync);
        app.MapDelete("/platform/jobs/{id}", CancelAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, JobQueue jobs, CancellationToken ct)
    {
        var job = await jobs.GetAsync(id, ct).ConfigureAwait(false)
            ?? throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"there is no job '{id}'");
        var response = FhirResponse.Model(200, Describe(job), FhirNegotiation.From(request));
        response.Headers["X-Progress"] = job.Total is { } total ? $"{job.Done}/{total}" : job.Done.ToString(CultureInfo.InvariantCulture);
        return response;
    }

    private static async Task<IResult> ListAsync(HttpRequest request, JobQueue jobs, CancellationToken ct)
    {
        JobState? state = null;
        if (request.Query["state"].ToString() is { Length: > 0 } text)
        {
            state = Enum.TryParse<JobState>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Value, $"state '{text}' is not one of queued, running, succeeded, failed, cancelled");
        }
        var list = await jobs.ListAsync(state, request.Query["kind"].ToString() is { Length: > 0 } kind ? kind : null, 100, ct).ConfigureAwait(false);
        var result = new Parameters();
        foreach (var job in list)
        {
            result.Parameter.Add(new Parameters.ParameterComponent { Name = "job", Part = Describe(job).Parameter });
        }
        return FhirResponse.Model(200, result, FhirNegotiation.From(request));
    }

    private static async Task<IResult> CancelAsync(string id, JobQueue jobs, CancellationToken ct)
    {
        if (!await jobs.RequestCancelAsync(id, ct).ConfigureAwait(false))
        {
            var job = await jobs.GetAsync(id, ct).ConfigureAwait(false);
            throw job is null
                ? new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"there is no job '{id}'")
                : new FhirError(FhirErrorKind.Conflict, OperationOutcome.IssueType.Conflict, $"job '{id}' has already finished ({job.State.ToString().ToLowerInvariant()})");
        }
        return FhirResponse.Outcome(202, Outcomes.Information($"job {id} will stop at its next step"));
    }

    private static Parameters Describe(JobStatus job)
    {
        var described = new Parameters();
        described.Add("id", new FhirString(job.Id));
        described.Add("kind", new Code(job.Kind));
        described.Add("state", new Code(job.State.ToString().ToLowerInvariant()));
        described.Add("done", new Integer64(job.Done));
        if (job.Total is { } total)
        {
            described.Add("total", new Integer64(total));
        }
        described.Add("attempts", new Integer(job.Attempts));
        described.Add("created", new FhirDateTime(job.CreatedAt));
        if (job.StartedAt is { } started)
        {
            described.Add("started", new FhirDateTime(started));
        }
        if (job.FinishedAt is { } finished)
        {
            described.Add("finished", new FhirDateTime(finished));
        }
        if (job.Result is { } result)
        {
            described.Add("result", new FhirString(result));
        }
        if (job.Error is { } error)
        {
            described.Add("error", new FhirString(error));
        }
        if (job.CancelRequested)
        {
            described.Add("cancelRequested", new FhirBoolean(true));
        }
        return described;
    }
}
