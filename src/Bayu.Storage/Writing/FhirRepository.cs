using Bayu.Fhir.Definitions;
using Bayu.Fhir.Formats;
using Bayu.Storage.Indexing;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Storage.Writing;

/// <summary>
/// The write path over an <see cref="IResourceStore"/>: check once, set <c>id</c> and <c>meta</c>,
/// serialise once, index, and commit version and index rows in one transaction. Used by the REST
/// endpoints and directly by the command line (import, demo) without HTTP.
/// </summary>
public sealed partial class FhirRepository
{
    private readonly IResourceStore _store;
    private readonly RepositoryOptions _options;
    private readonly IResourceCheck? _check;
    private readonly IEntryPatcher? _patcher;
    private readonly GroupCommit _groupCommit;
    private readonly TimeProvider _time;
    private readonly IndexRowBuilder _indexer;
    private readonly SearchParser _parser;
    private readonly DefinitionRegistry _registry;

    public FhirRepository(IResourceStore store, RepositoryOptions? options = null, IResourceCheck? check = null, TimeProvider? time = null, IEntryPatcher? patcher = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new RepositoryOptions();
        _check = check;
        _patcher = patcher;
        _groupCommit = new GroupCommit(store);
        _time = time ?? TimeProvider.System;
        _registry = DefinitionRegistry.Default;
        _indexer = IndexRowBuilder.Default;
        _parser = new SearchParser(_registry, _options.SearchLimits);
    }

    public IResourceStore Store => _store;

    public Task<StoredResource?> ReadAsync(string resourceType, string id, CancellationToken ct = default) => _store.ReadAsync(resourceType, id, ct);

    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken ct = default) => _store.ReadVersionAsync(resourceType, id, versionId, ct);

    public Task<IReadOnlyList<StoredResource>> HistoryAsync(HistoryQuery query, CancellationToken ct = default) => _store.HistoryAsync(query, ct);

    /// <summary>Parses search parameters (strict unless <paramref name="lenient"/>) and runs the search.</summary>
    public async Task<(SearchQuery Query, SearchResult Result)> SearchAsync(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool lenient = false, CancellationToken ct = default)
    {
        var query = ParseSearch(resourceType, parameters, lenient);
        return (query, await _store.SearchAsync(query, ct).ConfigureAwait(false));
    }

    public SearchQuery ParseSearch(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool lenient = false)
    {
        RequireKnownType(resourceType);
        try
        {
            return _parser.Parse(resourceType, parameters, lenient);
        }
        catch (SearchParameterException e)
        {
            throw new FhirOperationError(400, OperationOutcome.IssueType.NotSupported, e.Message);
        }
    }

    /// <summary>Creates with a server-assigned id; with <paramref name="ifNoneExist"/> (a query string) only when nothing matches.</summary>
    public Task<WriteResult> CreateAsync(Resource resource, string? ifNoneExist = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!string.IsNullOrEmpty(ifNoneExist))
        {
            return InSessionAsync(session => CreateAsync(session, resource, ifNoneExist, null, ct), ct);
        }
        // A plain create depends on nothing stored, so validation, serialisation and indexing run
        // before the transaction, and concurrent creates share one commit (group commit).
        var (write, result) = PrepareVersion(resource, NewId(), null, StoredMethod.Create);
        return _groupCommit.CommitAsync(write, result, ct);
    }

    /// <summary>Updates (or creates, when allowed) the resource with <paramref name="id"/>.</summary>
    public Task<WriteResult> UpdateAsync(Resource resource, string id, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        CheckOutsideTheTurn(resource);
        return InSessionAsync(session => UpdateAsync(session, resource, id, ifMatch, StoredMethod.Update, ct, checkedAlready: true), ct);
    }

    /// <summary>Conditional update: the criteria pick the resource to update (none: create; several: 412).</summary>
    public Task<WriteResult> ConditionalUpdateAsync(Resource resource, string criteria, VersionMatch? ifMatch = null, CancellationToken ct = default)
    {
        CheckOutsideTheTurn(resource);
        return InSessionAsync(async session =>
        {
            var id = await ResolveConditionalTargetAsync(session, resource.TypeName, criteria, resource.Id, ct).ConfigureAwait(false);
            return await UpdateAsync(session, resource, id, ifMatch, StoredMethod.Update, ct, checkedAlready: true).ConfigureAwait(false);
        }, ct);
    }

    /// <summary>
    /// Validation depends on nothing stored, and a large resource can take a second to validate: it
    /// runs before the write transaction, whose turn (SQLite has one writer) other writes wait for.
    /// </summary>
    private void CheckOutsideTheTurn(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireKnownType(resource.TypeName);
        Check(resource);
    }

    /// <summary>Patches the current version: <paramref name="patch"/> turns the stored JSON into the new resource.</summary>
    public Task<WriteResult> PatchAsync(string resourceType, string id, Func<string, Resource> patch, VersionMatch? ifMatch = null, CancellationToken ct = default) =>
        InSessionAsync(session => PatchAsync(session, resourceType, id, patch, ifMatch, ct), ct);

    public Task<WriteResult> DeleteAsync(string resourceType, string id, VersionMatch? ifMatch = null, CancellationToken ct = default) =>
        InSessionAsync(session => DeleteAsync(session, resourceType, id, ifMatch, ct), ct);

    /// <summary>Conditional delete: deletes every match (a single match unless <paramref name="allowMultiple"/>).</summary>
    public Task<WriteResult> ConditionalDeleteAsync(string resourceType, string criteria, bool allowMultiple = false, CancellationToken ct = default) =>
        InSessionAsync(async session =>
        {
            var matches = await SearchInSessionAsync(session, resourceType, criteria, 101, ct).ConfigureAwait(false);
            if (matches.Count > 1 && !allowMultiple)
            {
                throw new FhirOperationError(412, OperationOutcome.IssueType.MultipleMatches, $"{matches.Count} resources match '{criteria}'; a conditional delete needs exactly one");
            }
            WriteResult last = new(WriteKind.NotFound, null, null);
            foreach (var match in matches)
            {
                last = await DeleteAsync(session, resourceType, match.Id, null, ct).ConfigureAwait(false);
            }
            return last;
        }, ct);

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
            throw FhirOperationError.Conflict(e);
        }
    }

    internal async Task<WriteResult> CreateAsync(IStoreSession session, Resource resource, string? ifNoneExist, string? assignedId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!string.IsNullOrEmpty(ifNoneExist))
        {
            var matches = await SearchInSessionAsync(session, resource.TypeName, ifNoneExist, 2, ct).ConfigureAwait(false);
            if (matches.Count > 1)
            {
                throw new FhirOperationError(412, OperationOutcome.IssueType.MultipleMatches, $"several resources match If-None-Exist '{ifNoneExist}'");
            }
            if (matches.Count == 1)
            {
                return new WriteResult(WriteKind.Existing, matches[0], null);
            }
        }
        return await WriteVersionAsync(session, resource, assignedId ?? NewId(), null, StoredMethod.Create, ct).ConfigureAwait(false);
    }

    /// <param name="checkedAlready">The resource passed the check before the transaction began.</param>
    internal async Task<WriteResult> UpdateAsync(IStoreSession session, Resource resource, string id, VersionMatch? ifMatch, StoredMethod method, CancellationToken ct, bool checkedAlready = false)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (!string.IsNullOrEmpty(resource.Id) && resource.Id != id)
        {
            throw new FhirOperationError(400, OperationOutcome.IssueType.Invalid, $"the resource id '{resource.Id}' does not match the id '{id}' in the URL");
        }
        RequireValidId(id);
        var current = await session.ReadCurrentAsync(resource.TypeName, id, ct).ConfigureAwait(false);
        CheckVersion(current, ifMatch);
        if (current is null && !_options.AllowCreateOnUpdate)
        {
            throw new FhirOperationError(405, OperationOutcome.IssueType.NotSupported, "this server does not allow create on update; use POST");
        }
        return await WriteVersionAsync(session, resource, id, current, current is null ? StoredMethod.Create : method, ct, checkedAlready).ConfigureAwait(false);
    }

    internal async Task<WriteResult> PatchAsync(IStoreSession session, string resourceType, string id, Func<string, Resource> patch, VersionMatch? ifMatch, CancellationToken ct)
    {
        var current = await session.ReadCurrentAsync(resourceType, id, ct).ConfigureAwait(false);
        if (current is null || current.Deleted || current.Json is null)
        {
            throw current?.Deleted == true
                ? new FhirOperationError(410, OperationOutcome.IssueType.Deleted, $"{resourceType}/{id} was deleted")
                : new FhirOperationError(404, OperationOutcome.IssueType.NotFound, $"{resourceType}/{id} does not exist");
        }
        CheckVersion(current, ifMatch);
        var patched = patch(current.Json);
        if (patched.TypeName != resourceType || (patched.Id is not null && patched.Id != id))
        {
            throw new FhirOperationError(422, OperationOutcome.IssueType.Invariant, "a patch may not change the resource type or id");
        }
        return await WriteVersionAsync(session, patched, id, current, StoredMethod.Patch, ct).ConfigureAwait(false);
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

    private async Task<WriteResult> WriteVersionAsync(IStoreSession session, Resource resource, string id, StoredResource? current, StoredMethod method, CancellationToken ct, bool checkedAlready = false)
    {
        var (write, result) = PrepareVersion(resource, id, current, method, checkedAlready);
        await session.WriteAsync(write, ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>Checks the resource, sets <c>id</c> and <c>meta</c>, serialises once and builds its index rows.</summary>
    private (ResourceWrite Write, WriteResult Result) PrepareVersion(Resource resource, string id, StoredResource? current, StoredMethod method, bool checkedAlready = false)
    {
        RequireKnownType(resource.TypeName);
        if (!checkedAlready)
        {
            Check(resource);
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

    private void Check(Resource resource)
    {
        if (_check is null)
        {
            return;
        }
        var outcome = _check.Check(resource);
        if (outcome.Issue.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal))
        {
            throw new FhirOperationError(422, outcome);
        }
    }

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
            throw new FhirOperationError(412, OperationOutcome.IssueType.Conflict,
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
            throw new FhirOperationError(412, OperationOutcome.IssueType.Invalid, "conditional interactions need at least one search criterion");
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
            1 when bodyId is not null && bodyId != matches[0].Id => throw new FhirOperationError(400, OperationOutcome.IssueType.Invalid, "the resource id does not match the resource found by the conditional update"),
            1 => matches[0].Id,
            _ => throw new FhirOperationError(412, OperationOutcome.IssueType.MultipleMatches, $"several resources match '{criteria}'"),
        };
    }

    private static void RequireKnownType(string resourceType)
    {
        if (!ModelInfo.IsKnownResource(resourceType))
        {
            throw new FhirOperationError(404, OperationOutcome.IssueType.NotSupported, $"unknown resource type '{resourceType}'");
        }
    }

    private static void RequireValidId(string id)
    {
        if (!Id.IsValidValue(id))
        {
            throw new FhirOperationError(400, OperationOutcome.IssueType.Invalid, $"'{id}' is not a valid FHIR id");
        }
    }

    /// <summary>Server ids: GUIDs (64 hex chars would exceed nothing; FHIR allows 64, a GUID has 36).</summary>
    internal static string NewId() => Guid.CreateVersion7().ToString();
}
