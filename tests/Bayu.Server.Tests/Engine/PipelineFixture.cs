using System.Collections.Concurrent;
using Bayu.Engine.Errors;
using Bayu.Engine.Operations;
using Bayu.Engine.Pipeline;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Engine;

/// <summary>
/// A host with test interceptors in the engine's pipeline: a rule that confines Observation
/// searches to one patient (the way a patient compartment will be enforced), one that refuses to
/// delete Patients, a write step that wants every Patient named, and a recorder of what committed.
/// </summary>
public abstract class PipelineFixture : ServerFixture
{
    /// <summary>Only Observations of this patient are visible to searches marked with the narrowing tag.</summary>
    public const string ConfinedTo = "Patient/pipeline-confined";

    public ConcurrentQueue<string> Steps { get; } = new();

    public ConcurrentQueue<CommitScope> Commits { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        // Registered out of order: the pipeline sorts by Order.
        services.AddSingleton<IFhirInterceptor>(new Recorder(this, 10));
        services.AddSingleton<IFhirInterceptor>(new Rules(this, -10));
        services.AddSingleton<IFhirInterceptor>(new NamedPatients());
        services.AddSingleton<IOperationHandler>(new Echo());
    }

    /// <summary>A read-only operation on Patient (type and instance level) that answers its input.</summary>
    private sealed class Echo : IOperationHandler
    {
        public string Name => "echo";

        public string Definition => "urn:test:echo";

        public bool SystemLevel => false;

        public bool TypeLevel => true;

        public bool InstanceLevel => true;

        public IReadOnlyCollection<string>? Types => ["Patient"];

        public bool AffectsState => false;

        public System.Threading.Tasks.Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct)
        {
            var echoed = new Parameters();
            echoed.Add("target", new FhirString(call.ResourceType + "/" + (call.Id ?? "")));
            echoed.Parameter.AddRange(call.Parameters.Parameter);
            return System.Threading.Tasks.Task.FromResult(OperationResult.Of(echoed));
        }
    }

    private sealed class Rules(PipelineFixture fixture, int order) : IInteractionInterceptor
    {
        public int Order => order;

        public ValueTask BeforeAsync(InteractionScope scope, CancellationToken ct)
        {
            fixture.Steps.Enqueue($"rules:{scope.Interaction.Kind}");
            if (scope.Interaction is { Kind: InteractionKind.Operation, Operation: "echo", Id: "forbidden" })
            {
                throw new FhirError(FhirErrorKind.Forbidden, OperationOutcome.IssueType.Forbidden, "test rule: not on this one");
            }
            if (scope.Interaction is { Kind: InteractionKind.Delete, ResourceType: "Patient" })
            {
                throw new FhirError(FhirErrorKind.Forbidden, OperationOutcome.IssueType.Forbidden, "test rule: patients are never deleted");
            }
            if (scope.Search is { ResourceType: "Observation" } && scope.Search.Criteria.Any(c => c.Param == "_tag"))
            {
                scope.Narrow("subject", ConfinedTo);
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Recorder(PipelineFixture fixture, int order) : IInteractionInterceptor, ICommitInterceptor
    {
        public int Order => order;

        public ValueTask BeforeAsync(InteractionScope scope, CancellationToken ct)
        {
            fixture.Steps.Enqueue($"recorder:{scope.Interaction.Kind}:{scope.Context.Principal.Kind}:{scope.Context.RequestId.Length > 0}");
            return ValueTask.CompletedTask;
        }

        public ValueTask AfterCommitAsync(CommitScope scope, CancellationToken ct)
        {
            fixture.Commits.Enqueue(scope);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class NamedPatients : IWriteInterceptor
    {
        public void OnWrite(WriteScope scope)
        {
            if (scope.Resource is Patient { Name.Count: 0 })
            {
                scope.AddIssues([new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.BusinessRule,
                    Diagnostics = "test rule: a patient needs a name",
                }]);
            }
        }
    }
}

public sealed class SqlitePipelineFixture : PipelineFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresPipelineFixture : PipelineFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
