using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Pipeline;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Formats;
using Bayu.Storage.Indexing;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Engine.Interactions;

/// <summary>
/// The FHIR engine: the one home of interaction semantics (read, vread, search, history, create,
/// update, patch, delete, their conditional forms, batch and transaction) over the versioned
/// store. The REST endpoints, modules in process, bundle entries and <c>bayu import</c> all come
/// through here, each with a <see cref="RequestContext"/>, and every interaction (every bundle
/// entry too) passes the <see cref="InterceptorPipeline"/>. It knows nothing of HTTP: refusals are
/// <see cref="FhirError"/>s by kind, and the server maps them (docs/adr/0800).
/// Writes: check once, set <c>id</c> and <c>meta</c>, serialise once, index, and commit version and
/// index rows in one transaction.
/// </summary>
public sealed partial class FhirEngine
{
    private readonly IResourceStore _store;
    private readonly EngineOptions _options;
    private readonly InterceptorPipeline _pipeline;
    private readonly IEntryPatcher? _patcher;
    private readonly GroupCommit _groupCommit;
    private readonly TimeProvider _time;
    private readonly IndexRowBuilder _indexer;
    private readonly SearchParser _parser;
    private readonly DefinitionRegistry _registry;

    public FhirEngine(IResourceStore store, EngineOptions? options = null, InterceptorPipeline? pipeline = null, TimeProvider? time = null, IEntryPatcher? patcher = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new EngineOptions();
        _pipeline = pipeline ?? InterceptorPipeline.Empty;
        _patcher = patcher;
        _groupCommit = new GroupCommit(store);
        _time = time ?? TimeProvider.System;
        _registry = DefinitionRegistry.Default;
        _indexer = IndexRowBuilder.Default;
        _parser = new SearchParser(_registry, _options.SearchLimits);
    }

    public EngineOptions Options => _options;

    /// <summary>The current version; refuses as not found, or as gone (with the deletion) when deleted.</summary>
    public async Task<StoredResource> ReadAsync(RequestContext context, string resourceType, string id, CancellationToken ct = default)
    {
        RequireKnownType(resourceType);
        await _pipeline.BeforeAsync(context, new Interaction(InteractionKind.Read, resourceType, id), null, null, _parser, ct).ConfigureAwait(false);
        var stored = await _store.ReadAsync(resourceType, id, ct).ConfigureAwait(false);
        return Present(stored, resourceType, id, $"{resourceType}/{id} was deleted");
    }

    /// <summary>One version; refuses as not found, or as gone when that version is a deletion.</summary>
    public async Task<StoredResource> ReadVersionAsync(RequestContext context, string resourceType, string id, int versionId, CancellationToken ct = default)
    {
        RequireKnownType(resourceType);
        await _pipeline.BeforeAsync(context, new Interaction(InteractionKind.VRead, resourceType, id), null, null, _parser, ct).ConfigureAwait(false);
        var stored = await _store.ReadVersionAsync(resourceType, id, versionId, ct).ConfigureAwait(false)
            ?? throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"{resourceType}/{id}/_history/{versionId} does not exist");
        return Present(stored, resourceType, id, $"{resourceType}/{id} version {versionId} is a deletion");
    }

    private static StoredResource Present(StoredResource? stored, string resourceType, string id, string deleted)
    {
        if (stored is null)
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"{resourceType}/{id} does not exist");
        }
        return stored.Deleted
            ? throw new FhirError(FhirErrorKind.Gone, Outcomes.Error(OperationOutcome.IssueType.Deleted, deleted), stored)
            : stored;
    }

    /// <summary>Instance, type or system history; an instance that never existed is not found.</summary>
    public async Task<IReadOnlyList<StoredResource>> HistoryAsync(RequestContext context, HistoryQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.ResourceType is not null)
        {
            RequireKnownType(query.ResourceType);
        }
        await _pipeline.BeforeAsync(context, new Interaction(InteractionKind.History, query.ResourceType, query.Id), null, null, _parser, ct).ConfigureAwait(false);
        var versions = await _store.HistoryAsync(query, ct).ConfigureAwait(false);
        if (query.Id is not null && versions.Count == 0 && query.Offset == 0 && await _store.ReadAsync(query.ResourceType!, query.Id, ct).ConfigureAwait(false) is null)
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"{query.ResourceType}/{query.Id} does not exist");
        }
        return versions;
    }

    /// <summary>Parses search parameters (strict unless lenient), lets the pipeline refuse or narrow, and runs the search.</summary>
    public async Task<SearchOutcome> SearchAsync(RequestContext context, string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, SearchOptions? options = null, CancellationToken ct = default)
    {
        options ??= SearchOptions.Default;
        var query = ParseSearch(resourceType, parameters, options.Lenient);
        if (options.CountOnly)
        {
            query.IncludeTotal = true;
            query.Count = 0;
        }
        await _pipeline.BeforeAsync(context, new Interaction(InteractionKind.Search, resourceType), query, null, _parser, ct).ConfigureAwait(false);
        return new SearchOutcome(query, await _store.SearchAsync(query, ct).ConfigureAwait(false));
    }

    private SearchQuery ParseSearch(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool lenient = false)
    {
        RequireKnownType(resourceType);
        try
        {
            return _parser.Parse(resourceType, parameters, lenient);
        }
        catch (SearchParameterException e)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, e.Message);
        }
    }

    /// <summary>Creates with a server-assigned id; with <paramref name="ifNoneExist"/> (a query string) only when nothing matches.</summary>
    public async Task<WriteResult> CreateAsync(RequestContext context, Resource resource, string? ifNoneExist = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireKnownType(resource.TypeName);
        var conditional = !string.IsNullOrEmpty(ifNoneExist);
        var interaction = new Interaction(conditional ? InteractionKind.ConditionalCreate : InteractionKind.Create, resource.TypeName);
        await _pipeline.BeforeAsync(context, interaction, null, resource, _parser, ct).ConfigureAwait(false);
        WriteResult result;
        if (conditional)
        {
            result = await InSessionAsync(session => CreateAsync(context, interaction, session, resource, ifNoneExist, null, ct), ct).ConfigureAwait(false);
        }
        else
        {
            // A plain create depends on nothing stored, so validation, serialisation and indexing run
            // before the transaction, and concurrent creates share one commit (group commit).
            var (write, prepared) = PrepareVersion(context, interaction, resource, NewId(), null, StoredMethod.Create);
            result = await _groupCommit.CommitAsync(write, prepared, ct).ConfigureAwait(false);
        }
        await _pipeline.AfterCommitAsync(context, interaction, [result], ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Updates (or creates, when allowed) the resource with <paramref name="id"/>.</summary>
    public async Task<WriteResult> UpdateAsync(RequestContext context, Resource resource, string id, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireKnownType(resource.TypeName);
        var interaction = new Interaction(InteractionKind.Update, resource.TypeName, id);
        await _pipeline.BeforeAsync(context, interaction, null, resource, _parser, ct).ConfigureAwait(false);
        Check(context, interaction, resource);
        var result = await InSessionAsync(session => UpdateAsync(context, interaction, session, resource, id, ifMatch, StoredMethod.Update, ct, checkedAlready: true), ct).ConfigureAwait(false);
        await _pipeline.AfterCommitAsync(context, interaction, [result], ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Conditional update: the criteria pick the resource to update (none: create; several: precondition failed).</summary>
    public async Task<WriteResult> ConditionalUpdateAsync(RequestContext context, Resource resource, string criteria, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireKnownType(resource.TypeName);
        var interaction = new Interaction(InteractionKind.ConditionalUpdate, resource.TypeName);
        await _pipeline.BeforeAsync(context, interaction, null, resource, _parser, ct).ConfigureAwait(false);
        // Validation depends on nothing stored, and a large resource can take a second to validate: it
        // runs before the write transaction, whose turn (SQLite has one writer) other writes wait for.
        Check(context, interaction, resource);
        var result = await InSessionAsync(async session =>
        {
            var id = await ResolveConditionalTargetAsync(session, resource.TypeName, criteria, resource.Id, ct).ConfigureAwait(false);
            return await UpdateAsync(context, interaction, session, resource, id, ifMatch, StoredMethod.Update, ct, checkedAlready: true).ConfigureAwait(false);
        }, ct).ConfigureAwait(false);
        await _pipeline.AfterCommitAsync(context, interaction, [result], ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Patches the current version: <paramref name="patch"/> turns the stored JSON into the new resource.</summary>
    public async Task<WriteResult> PatchAsync(RequestContext context, string resourceType, string id, Func<string, Resource> patch, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        RequireKnownType(resourceType);
        var interaction = new Interaction(InteractionKind.Patch, resourceType, id);
        await _pipeline.BeforeAsync(context, interaction, null, null, _parser, ct).ConfigureAwait(false);
        var result = await InSessionAsync(session => PatchAsync(context, interaction, session, resourceType, id, patch, ifMatch, ct), ct).ConfigureAwait(false);
        await _pipeline.AfterCommitAsync(context, interaction, [result], ct).ConfigureAwait(false);
        return result;
    }

    public async Task<WriteResult> DeleteAsync(RequestContext context, string resourceType, string id, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        RequireKnownType(resourceType);
        var interaction = new Interaction(InteractionKind.Delete, resourceType, id);
        await _pipeline.BeforeAsync(context, interaction, null, null, _parser, ct).ConfigureAwait(false);
        var result = await InSessionAsync(session => DeleteAsync(session, resourceType, id, ifMatch, ct), ct).ConfigureAwait(false);
        await _pipeline.AfterCommitAsync(context, interaction, [result], ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Conditional delete: deletes every match (a single match unless <paramref name="allowMultiple"/>).</summary>
    public async Task<IReadOnlyList<WriteResult>> ConditionalDeleteAsync(RequestContext context, string resourceType, string criteria, bool allowMultiple = false, CancellationToken ct = default)
    {
        RequireKnownType(resourceType);
        var interaction = new Interaction(InteractionKind.ConditionalDelete, resourceType);
        await _pipeline.BeforeAsync(context, interaction, null, null, _parser, ct).ConfigureAwait(false);
        var results = new List<WriteResult>();
        await InSessionAsync(async session =>
        {
            var matches = await SearchInSessionAsync(session, resourceType, criteria, 101, ct).ConfigureAwait(false);
            if (matches.Count > 1 && !allowMultiple)
            {
                throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.MultipleMatches, $"{matches.Count} resources match '{criteria}'; a conditional delete needs exactly one");
            }
            foreach (var match in matches)
            {
                results.Add(await DeleteAsync(session, resourceType, match.Id, null, ct).ConfigureAwait(false));
            }
            return results.LastOrDefault() ?? new WriteResult(WriteKind.NotFound, null, null);
        }, ct).ConfigureAwait(false);
        await _pipeline.AfterCommitAsync(context, interaction, results, ct).ConfigureAwait(false);
        return results;
    }

    private async Task<WriteResult> InSessionAsync(Func<IStoreSession, Task<WriteResult>> work, CancellationToken ct)
    {
        await using var session = await _store.BeginAsync(ct).ConfigureAwait(false);
        try
        {
            var result = await work(session).ConfigureAwait(false);
            await session.CommitAsync(ct).ConfigureAwait(false);
            return result;
        }
        catch (ConcurrencyConflictException e)
        {
            throw FhirError.Conflict(e);
        }
    }

    internal async Task<WriteResult> CreateAsync(RequestContext context, Interaction interaction, IStoreSession session, Resource resource, string? ifNoneExist, string? assignedId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!string.IsNullOrEmpty(ifNoneExist))
        {
            var matches = await SearchInSessionAsync(session, resource.TypeName, ifNoneExist, 2, ct).ConfigureAwait(false);
            if (matches.Count > 1)
            {
                throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.MultipleMatches, $"several resources match If-None-Exist '{ifNoneExist}'");
            }
            if (matches.Count == 1)
            {
                return new WriteResult(WriteKind.Existing, matches[0], null);
            }
        }
        return await WriteVersionAsync(context, interaction, session, resource, assignedId ?? NewId(), null, StoredMethod.Create, ct).ConfigureAwait(false);
    }

    /// <param name="checkedAlready">The resource passed the check before the transaction began.</param>
    internal async Task<WriteResult> UpdateAsync(RequestContext context, Interaction interaction, IStoreSession session, Resource resource, string id, VersionMatch? ifMatch, StoredMethod method, CancellationToken ct, bool checkedAlready = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!string.IsNullOrEmpty(resource.Id) && resource.Id != id)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, $"the resource id '{resource.Id}' does not match the id '{id}' in the URL");
        }
        RequireValidId(id);
        var current = await session.ReadCurrentAsync(resource.TypeName, id, ct).ConfigureAwait(false);
        CheckVersion(current, ifMatch);
        if (current is null && !_options.AllowCreateOnUpdate)
        {
            throw new FhirError(FhirErrorKind.NotAllowed, OperationOutcome.IssueType.NotSupported, "this server does not allow create on update; use POST");
        }
        return await WriteVersionAsync(context, interaction, session, resource, id, current, current is null ? StoredMethod.Create : method, ct, checkedAlready).ConfigureAwait(false);
    }

    internal async Task<WriteResult> PatchAsync(RequestContext context, Interaction interaction, IStoreSession session, string resourceType, string id, Func<string, Resource> patch, VersionMatch? ifMatch, CancellationToken ct)
    {
        var current = await session.ReadCurrentAsync(resourceType, id, ct).ConfigureAwait(false);
        if (current is null || current.Deleted || current.Json is null)
        {
            throw current?.Deleted == true
                ? new FhirError(FhirErrorKind.Gone, OperationOutcome.IssueType.Deleted, $"{resourceType}/{id} was deleted")
                : new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"{resourceType}/{id} does not exist");
        }
        CheckVersion(current, ifMatch);
        var patched = patch(current.Json);
        if (patched.TypeName != resourceType || (patched.Id is not null && patched.Id != id))
        {
            throw new FhirError(FhirErrorKind.Unprocessable, OperationOutcome.IssueType.Invariant, "a patch may not change the resource type or id");
        }
        return await WriteVersionAsync(context, interaction, session, patched, id, current, StoredMethod.Patch, ct).ConfigureAwait(false);
    }

    internal async Task<WriteResult> DeleteAsync(IStoreSession session, string resourceType, string id, VersionMatch? ifMatch, CancellationToken ct)
    {
        RequireKnownType(resourceType);
        var current = await session.ReadCurrentAsync(resourceType, id, ct).ConfigureAwait(false);
        CheckVersion(current, ifMatch);
        if (current is null || current.Deleted)
        {
            return new WriteResult(WriteKind.NotFound, current, null);
        }
        var version = new StoredResource(resourceType, id, current.VersionId + 1, NextTimestamp(current), true, null, StoredMethod.Delete);
        await session.WriteAsync(new ResourceWrite(version, current.VersionId, ResourceIndex.Empty, null), ct).ConfigureAwait(false);
        return new WriteResult(WriteKind.Deleted, version, null);
    }

    private async Task<WriteResult> WriteVersionAsync(RequestContext context, Interaction interaction, IStoreSession session, Resource resource, string id, StoredResource? current, StoredMethod method, CancellationToken ct, bool checkedAlready = false)
    {
        var (write, result) = PrepareVersion(context, interaction, resource, id, current, method, checkedAlready);
        await session.WriteAsync(write, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Checks the resource, sets <c>id</c> and <c>meta</c>, serialises once and builds its index rows.</summary>
    private (ResourceWrite Write, WriteResult Result) PrepareVersion(RequestContext context, Interaction interaction, Resource resource, string id, StoredResource? current, StoredMethod method, bool checkedAlready = false)
    {
        RequireKnownType(resource.TypeName);
        if (!checkedAlready)
        {
            Check(context, interaction, resource);
        }
        var lastUpdated = NextTimestamp(current);
        var versionId = (current?.VersionId ?? 0) + 1;
        resource.Id = id;
        resource.Meta ??= new Meta();
        // meta is set on the model before the one serialisation, so the stored JSON is served as is.
        resource.Meta.VersionId = versionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = lastUpdated;
        var json = SerializeJson(resource);
        var index = _indexer.Build(resource);
        var version = new StoredResource(resource.TypeName, id, versionId, lastUpdated, false, json, method);
        return (new ResourceWrite(version, current?.VersionId ?? 0, index, CompartmentOf(resource, index)),
            new WriteResult(current is null || current.Deleted ? WriteKind.Created : WriteKind.Updated, version, resource));
    }

    [ThreadStatic]
    private static MemoryStream? t_json;

    /// <summary>The same bytes as <see cref="FhirFormats.SerializeToString"/>, through one reused buffer per thread.</summary>
    /// <remarks>
    /// The byte-array path starts every resource with a fresh 16 KB buffer and copies the result
    /// twice; on a bulk import that was more garbage than anything else of the write path.
    /// </remarks>
    private static string SerializeJson(Resource resource)
    {
        var buffer = t_json ??= new MemoryStream(16 * 1024);
        buffer.SetLength(0);
        FhirFormats.Serialize(resource, buffer, FhirFormat.Json);
        var json = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (buffer.Capacity > 1024 * 1024)
        {
            // An unusually large resource: do not keep its buffer for the life of the thread.
            t_json = null;
        }
        return json;
    }

    /// <summary>The pipeline's write steps (validation among them) on one resource about to be stored.</summary>
    private void Check(RequestContext context, Interaction interaction, Resource resource) => _pipeline.OnWrite(context, interaction, resource);

    /// <summary>The patient whose compartment holds the resource: the distribution key for large tables.</summary>
    private string? CompartmentOf(Resource resource, ResourceIndex index)
    {
        if (resource is Patient)
        {
            return resource.Id;
        }
        var parameters = _registry.PatientCompartment.ParametersFor(resource.TypeName);
        if (parameters.Count == 0)
        {
            return null;
        }
        foreach (var reference in index.References)
        {
            if (reference.TargetType == "Patient" && reference.Url is null && parameters.Contains(reference.Param))
            {
                return reference.TargetId;
            }
        }
        return null;
    }

    /// <summary>Millisecond timestamps, strictly increasing per resource so history order is total.</summary>
    private DateTimeOffset NextTimestamp(StoredResource? current)
    {
        var now = _time.GetUtcNow();
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
        return current is not null && current.LastUpdated >= now ? current.LastUpdated.AddMilliseconds(1) : now;
    }

    private static void CheckVersion(StoredResource? current, VersionMatch? ifMatch)
    {
        if (ifMatch is not null && !ifMatch.Matches(current))
        {
            throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.Conflict,
                $"version conflict: If-Match expects {ifMatch}, the current version is {(current is null || current.Deleted ? "none" : current.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture))}");
        }
    }

    /// <param name="readOnly">The caller only reads the matches (a conditional reference) and writes nothing because of them.</param>
    private async Task<IReadOnlyList<StoredResource>> SearchInSessionAsync(IStoreSession session, string resourceType, string criteria, int limit, CancellationToken ct, bool readOnly = false)
    {
        var pairs = QueryString.Parse(criteria);
        var query = ParseSearch(resourceType, pairs);
        if (query.Criteria.Count == 0)
        {
            throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.Invalid, "conditional interactions need at least one search criterion");
        }
        // The same criteria in any parameter order name the same lock.
        await session.LockAsync(resourceType + "?" + string.Join("&", pairs.Select(p => p.Key + "=" + p.Value).Order(StringComparer.Ordinal)), readOnly, ct).ConfigureAwait(false);
        query.Count = limit;
        query.Offset = 0;
        return (await session.SearchAsync(query, ct).ConfigureAwait(false)).Resources;
    }

    private async Task<string> ResolveConditionalTargetAsync(IStoreSession session, string resourceType, string criteria, string? bodyId, CancellationToken ct)
    {
        var matches = await SearchInSessionAsync(session, resourceType, criteria, 2, ct).ConfigureAwait(false);
        return matches.Count switch
        {
            0 => bodyId ?? NewId(),
            1 when bodyId is not null && bodyId != matches[0].Id => throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the resource id does not match the resource found by the conditional update"),
            1 => matches[0].Id,
            _ => throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.MultipleMatches, $"several resources match '{criteria}'"),
        };
    }

    private static void RequireKnownType(string resourceType)
    {
        if (!ModelInfo.IsKnownResource(resourceType))
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotSupported, $"unknown resource type '{resourceType}'");
        }
    }

    private static void RequireValidId(string id)
    {
        if (!Id.IsValidValue(id))
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, $"'{id}' is not a valid FHIR id");
        }
    }

    /// <summary>Server ids: GUIDs (64 hex chars would exceed nothing; FHIR allows 64, a GUID has 36).</summary>
    internal static string NewId() => Guid.CreateVersion7().ToString();
}
