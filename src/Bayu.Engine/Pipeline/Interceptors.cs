using Bayu.Engine.Context;
using Bayu.Engine.Interactions;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Pipeline;

/// <summary>
/// A step of the engine's pipeline. Interceptors run in ascending <see cref="Order"/> (then in
/// registration order); security runs first (below 0), validation at 0, module rules after.
/// </summary>
public interface IFhirInterceptor
{
    int Order => 0;
}

/// <summary>
/// Runs before an interaction (and before each entry of a bundle) touches the store. It may refuse
/// by throwing <see cref="Errors.FhirError"/>, or narrow a search with <see cref="InteractionScope.Narrow"/>:
/// the narrowing becomes a criterion the SQL builder applies, never a filter on the way out.
/// </summary>
public interface IInteractionInterceptor : IFhirInterceptor
{
    ValueTask BeforeAsync(InteractionScope scope, CancellationToken ct);
}

/// <summary>
/// Runs on each resource about to be written (create, update, patch, bundle entries), before its
/// version is stored. Runs on several cores at once for a bundle, so it must be thread-safe and not
/// touch the store. Error or fatal issues it adds refuse the write (422 over HTTP).
/// </summary>
public interface IWriteInterceptor : IFhirInterceptor
{
    void OnWrite(WriteScope scope);
}

/// <summary>
/// Runs after the writes of an interaction are committed (audit, notifications that need no
/// durability). What must not be lost goes through the transactional outbox instead: by the time
/// this runs the write is acknowledged, and a crash now would skip the step.
/// </summary>
public interface ICommitInterceptor : IFhirInterceptor
{
    ValueTask AfterCommitAsync(CommitScope scope, CancellationToken ct);
}

/// <summary>The interaction about to run.</summary>
public sealed class InteractionScope(RequestContext context, Interaction interaction, SearchQuery? search, Resource? resource, SearchParser parser)
{
    public RequestContext Context { get; } = context;

    public Interaction Interaction { get; } = interaction;

    /// <summary>The parsed search of a search interaction (or of a search entry of a bundle); null otherwise.</summary>
    public SearchQuery? Search { get; } = search;

    /// <summary>The resource sent with a create or update; null otherwise.</summary>
    public Resource? Resource { get; } = resource;

    /// <summary>
    /// Restricts the search to resources matching <paramref name="parameter"/>=<paramref name="value"/>
    /// as well (e.g. <c>patient</c>=<c>Patient/123</c> for a patient compartment), in the store's SQL.
    /// </summary>
    public void Narrow(string parameter, string value)
    {
        var query = Search ?? throw new InvalidOperationException($"{Interaction} is not a search; only searches can be narrowed");
        var narrowing = parser.Parse(query.ResourceType, [new KeyValuePair<string, string>(parameter, value)]);
        query.Criteria.AddRange(narrowing.Criteria);
    }
}

/// <summary>One resource about to be stored.</summary>
public sealed class WriteScope(RequestContext context, Interaction interaction, Resource resource)
{
    private readonly List<OperationOutcome.IssueComponent> _issues = [];

    public RequestContext Context { get; } = context;

    public Interaction Interaction { get; } = interaction;

    public Resource Resource { get; } = resource;

    public IReadOnlyList<OperationOutcome.IssueComponent> Issues => _issues;

    public void AddIssues(IEnumerable<OperationOutcome.IssueComponent> issues) => _issues.AddRange(issues);
}

/// <summary>What an interaction committed.</summary>
public sealed class CommitScope(RequestContext context, Interaction interaction, IReadOnlyList<WriteResult> writes)
{
    public RequestContext Context { get; } = context;

    public Interaction Interaction { get; } = interaction;

    /// <summary>The versions written (deletions included); empty for a write that changed nothing.</summary>
    public IReadOnlyList<WriteResult> Writes { get; } = writes;

    public IEnumerable<StoredResource> Versions => Writes.Where(w => w.Stored is not null && w.Kind is not (WriteKind.Existing or WriteKind.NotFound)).Select(w => w.Stored!);
}
