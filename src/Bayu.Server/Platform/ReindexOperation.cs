using System.Text.Json;
using Bayu.Engine.Errors;
using Bayu.Engine.Jobs;
using Bayu.Engine.Operations;
using Bayu.Storage.Jobs;
using Hl7.Fhir.Model;

namespace Bayu.Server.Platform;

/// <summary>
/// <c>POST [base]/$reindex[?type=A,B][&amp;batchSize=N]</c>: queues a reindex job and answers 202 with the job's
/// status as Content-Location (FHIR's asynchronous request pattern).
/// </summary>
internal sealed class ReindexOperation(JobQueue jobs) : IOperationHandler
{
    public string Name => "reindex";

    public string Definition => "https://bayu.example/fhir/OperationDefinition/reindex";

    public string? Documentation => "Rebuilds the search index of every current resource (parameter `type`: only these types; `batchSize`: resources per checkpoint) as a durable job; 202 with Content-Location to follow it.";

    public bool SystemLevel => true;

    public bool TypeLevel => false;

    public bool InstanceLevel => false;

    public IReadOnlyCollection<string>? Types => [];

    public bool AffectsState => true;

    public async System.Threading.Tasks.Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Parameters.Parameter.FirstOrDefault(p => p.Name is not ("type" or "batchSize")) is { } unknown)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"$reindex has no parameter '{unknown.Name}' (only type and batchSize)");
        }
        int? batchSize = null;
        if (call.Parameters.Parameter.LastOrDefault(p => p.Name == "batchSize")?.Value?.ToString() is { } size)
        {
            batchSize = int.TryParse(size, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 10_000
                ? n
                : throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Value, $"$reindex: batchSize must be a whole number from 1 to 10000, not '{size}'");
        }
        var types = call.Parameters.Parameter.Where(p => p.Name == "type").Select(p => p.Value?.ToString() ?? "")
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (types.FirstOrDefault(t => !ModelInfo.IsKnownResource(t)) is { } notType)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, $"$reindex: '{notType}' is not a resource type");
        }
        var id = await jobs.EnqueueAsync(ReindexJob.JobKind, JsonSerializer.Serialize(new ReindexJob.ReindexParameters(types, batchSize)), ct).ConfigureAwait(false);
        return new OperationResult(Outcomes.Information($"reindex job {id} queued; follow it at the Content-Location"), Accepted: true, StatusLocation: $"platform/jobs/{id}");
    }
}
