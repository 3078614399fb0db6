using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Storage.Search;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Pipeline;

/// <summary>The interceptors of one engine, sorted once; each hook kind runs in its order.</summary>
public sealed class InterceptorPipeline
{
    private readonly IInteractionInterceptor[] _before;
    private readonly IWriteInterceptor[] _write;
    private readonly ICommitInterceptor[] _after;

    public InterceptorPipeline(IEnumerable<IFhirInterceptor> interceptors)
    {
        ArgumentNullException.ThrowIfNull(interceptors);
        // OrderBy is stable: equal orders keep their registration order.
        var sorted = interceptors.OrderBy(i => i.Order).ToList();
        _before = [.. sorted.OfType<IInteractionInterceptor>()];
        _write = [.. sorted.OfType<IWriteInterceptor>()];
        _after = [.. sorted.OfType<ICommitInterceptor>()];
    }

    public static InterceptorPipeline Empty { get; } = new([]);

    public bool HasWriteSteps => _write.Length > 0;

    public async ValueTask BeforeAsync(RequestContext context, Interaction interaction, SearchQuery? search, Resource? resource, SearchParser parser, CancellationToken ct)
    {
        if (_before.Length == 0)
        {
            return;
        }
        var scope = new InteractionScope(context, interaction, search, resource, parser);
        foreach (var interceptor in _before)
        {
            await interceptor.BeforeAsync(scope, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the write steps; error or fatal issues refuse the write with all the issues found.</summary>
    public void OnWrite(RequestContext context, Interaction interaction, Resource resource)
    {
        if (_write.Length == 0)
        {
            return;
        }
        var scope = new WriteScope(context, interaction, resource);
        foreach (var interceptor in _write)
        {
            interceptor.OnWrite(scope);
        }
        if (scope.Issues.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal))
        {
            throw new FhirError(FhirErrorKind.Unprocessable, new OperationOutcome { Issue = [.. scope.Issues] });
        }
    }

    public async ValueTask AfterCommitAsync(RequestContext context, Interaction interaction, IReadOnlyList<WriteResult> writes, CancellationToken ct)
    {
        if (_after.Length == 0)
        {
            return;
        }
        var scope = new CommitScope(context, interaction, writes);
        foreach (var interceptor in _after)
        {
            await interceptor.AfterCommitAsync(scope, ct).ConfigureAwait(false);
        }
    }
}
