using System.Text.Json;
using Bayu.Engine.Errors;
using Bayu.Engine.Jobs;
using Bayu.Engine.Operations;
using Bayu.Storage.Jobs;
using Hl7.Fhir.Model;

namespace Bayu.Server.Platform;

/// <summary>
/// <c>POST [base]/$reindex[?type=A,B]</c>: queues a reindex job and answers 202 with the job's
/// status as Content-Location (FHIR's asynchronous request pattern).
/// </summary>
internal sealed class ReindexOperation(JobQueue jobs) : IOperationHandler
{
    public string Name => "reindex";

    public string Definition => "https://bayu.example/fhir/OperationDefinition/reindex";

    public string? Documentation => "Rebuilds the search index of every current resource (parameter `type`: only these types) as a durable job; 202 with Content-Location to follow it.";

    public bool SystemLevel => true;

    public bool TypeLevel => false;

    public bool InstanceLevel => false;

    public IReadOnlyCollection<string>? Types => [];

    public bool AffectsState => true;

    public async System.Threading.Tasks.Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Parameters.Parameter.FirstOrDefault(p => p.Name != "type") is { } unknown)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"$reindex has no parameter '{unknown.Name}' (only type)");
        }
        var types = call.Parameters.Parameter.Select(p => p.Value?.ToString() ?? "")
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (types.FirstOrDefault(t => !ModelInfo.IsKnownResource(t)) is { } notType)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"$reindex: '{notType}' is not a resource type");
        }
        var id = await jobs.EnqueueAsync(ReindexJob.JobKind, JsonSerializer.Serialize(new ReindexJob.ReindexParameters(types)), ct).ConfigureAwait(false);
        return new OperationResult(Outcomes.Information($"reindex job {id} queued; follow it at the Content-Location"), Accepted: true, StatusLocation: $"platform/jobs/{id}");
    }
}
