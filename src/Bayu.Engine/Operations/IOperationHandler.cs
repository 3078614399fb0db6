using Bayu.Engine.Context;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Operations;

/// <summary>
/// A FHIR operation (<c>$name</c>) served by the engine, at the levels it declares. The engine
/// checks the level and the target type, runs the pipeline (the interaction is an
/// <see cref="Pipeline.InteractionKind.Operation"/> carrying the operation's name), then calls it.
/// </summary>
public interface IOperationHandler
{
    /// <summary>Without the <c>$</c>.</summary>
    string Name { get; }

    /// <summary>The canonical URL of its OperationDefinition (listed in the CapabilityStatement).</summary>
    string Definition { get; }

    /// <summary>Invocable at <c>[base]/$name</c>.</summary>
    bool SystemLevel { get; }

    /// <summary>Invocable at <c>[base]/[type]/$name</c> on the <see cref="Types"/>.</summary>
    bool TypeLevel { get; }

    /// <summary>Invocable at <c>[base]/[type]/[id]/$name</c> on the <see cref="Types"/>.</summary>
    bool InstanceLevel { get; }

    /// <summary>The types it applies to at the type and instance levels; null: every type.</summary>
    IReadOnlyCollection<string>? Types { get; }

    /// <summary>False for operations that change nothing, which may then be invoked with GET.</summary>
    bool AffectsState { get; }

    /// <summary>Shown in the CapabilityStatement.</summary>
    string? Documentation => null;

    /// <summary>
    /// The body is read leniently and what the strict parser would refuse comes with the call as
    /// <see cref="OperationCall.BodyIssues"/> ($validate reports it); otherwise such a body is a 400.
    /// </summary>
    bool LenientBody => false;

    Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct);
}

/// <summary>One invocation.</summary>
/// <param name="Parameters">The input: the query's parameters for GET, else the body when it is a Parameters resource (with the query's added).</param>
/// <param name="Body">The request body as sent (a Parameters resource or, e.g. for $validate, the resource itself); null without a body.</param>
/// <param name="BodyIssues">For a <see cref="IOperationHandler.LenientBody"/> operation: what the strict parser found in the body.</param>
public sealed record OperationCall(RequestContext Context, string Name, string? ResourceType, string? Id, Parameters Parameters, Resource? Body, IReadOnlyList<OperationOutcome.IssueComponent> BodyIssues);

/// <summary>What an operation answers: a resource, or that it was accepted to run asynchronously.</summary>
/// <param name="StatusLocation">For an accepted asynchronous request: where its status is followed (Content-Location).</param>
public sealed record OperationResult(Resource? Resource, bool Accepted = false, string? StatusLocation = null)
{
    public static OperationResult Of(Resource resource) => new(resource);
}
