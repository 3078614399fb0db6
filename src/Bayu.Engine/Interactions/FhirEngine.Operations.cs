using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Operations;
using Bayu.Engine.Pipeline;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

public sealed partial class FhirEngine
{
    private Lazy<IReadOnlyDictionary<string, IOperationHandler>> _operations = new(new Dictionary<string, IOperationHandler>(StringComparer.Ordinal));

    /// <summary>The operations this engine serves (the platform's and the modules').</summary>
    public IReadOnlyCollection<IOperationHandler> Operations => [.. _operations.Value.Values];

    /// <summary>Sets the operations; called once when the engine is built.</summary>
    public FhirEngine WithOperations(IEnumerable<IOperationHandler> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        _operations = new(ByName(operations));
        return this;
    }

    /// <summary>
    /// Sets the operations to be read when first needed: for a container that builds the engine
    /// and the operations, since an operation that calls back into the engine (a module's report
    /// read through the pipeline) cannot be built while the engine is.
    /// </summary>
    public FhirEngine WithOperations(Func<IEnumerable<IOperationHandler>> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        _operations = new(() => ByName(operations()), LazyThreadSafetyMode.ExecutionAndPublication);
        return this;
    }

    private static Dictionary<string, IOperationHandler> ByName(IEnumerable<IOperationHandler> operations)
    {
        var byName = new Dictionary<string, IOperationHandler>(StringComparer.Ordinal);
        foreach (var operation in operations)
        {
            if (!byName.TryAdd(operation.Name, operation))
            {
                throw new InvalidOperationException($"two operations are named ${operation.Name}");
            }
        }
        return byName;
    }

    /// <summary>Invokes <c>$name</c> at the system level (type and id null), on a type, or on an instance.</summary>
    /// <param name="readOnly">The request cannot change state (HTTP GET): operations that do are refused.</param>
    public async Task<OperationResult> InvokeAsync(RequestContext context, string name, string? resourceType, string? id, Parameters parameters, Resource? body, bool readOnly, IReadOnlyList<OperationOutcome.IssueComponent>? bodyIssues = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (resourceType is not null)
        {
            RequireKnownType(resourceType);
        }
        var operation = Operation(name);
        var where = resourceType is null ? "the system level" : id is null ? $"type {resourceType}" : $"instances of {resourceType}";
        var allowed = resourceType is null
            ? operation.SystemLevel
            : (operation.Types is null || operation.Types.Contains(resourceType)) && (id is null ? operation.TypeLevel : operation.InstanceLevel);
        if (!allowed)
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotSupported, $"${name} is not defined at {where}");
        }
        if (readOnly && operation.AffectsState)
        {
            throw new FhirError(FhirErrorKind.NotAllowed, OperationOutcome.IssueType.NotSupported, $"${name} changes state: invoke it with POST");
        }
        await _pipeline.BeforeAsync(context, new Interaction(InteractionKind.Operation, resourceType, id, Operation: name), null, body, _parser, ct).ConfigureAwait(false);
        return await operation.InvokeAsync(new OperationCall(context, name, resourceType, id, parameters, body, bodyIssues ?? []), ct).ConfigureAwait(false);
    }

    /// <summary>The operation named <paramref name="name"/>; refuses as not found when there is none.</summary>
    public IOperationHandler Operation(string name) =>
        _operations.Value.TryGetValue(name, out var operation)
            ? operation
            : throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotSupported, $"this server has no operation ${name}");
}
