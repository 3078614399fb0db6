using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Pipeline;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Engine.Interactions;

public sealed partial class FhirEngine
{
    /// <summary>
    /// Processes a batch or transaction Bundle. A transaction is all-or-nothing (one database
    /// transaction; the first failure throws <see cref="FhirError"/> and nothing stays);
    /// batch entries succeed or fail on their own. Entries run in the order the spec gives:
    /// DELETE, POST, PUT/PATCH, GET; the outcome keeps the request order. Each entry passes the
    /// pipeline as an interaction of its own (refused entries fail alone in a batch).
    /// </summary>
    public async Task<BundleOutcome> ProcessBundleAsync(RequestContext context, Bundle bundle, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.Type is not (Bundle.BundleType.Transaction or Bundle.BundleType.Batch))
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "only batch and transaction bundles can be processed at the base URL");
        }
        var transaction = bundle.Type == Bundle.BundleType.Transaction;
        var interaction = new Interaction(transaction ? InteractionKind.Transaction : InteractionKind.Batch);
        await _pipeline.BeforeAsync(context, interaction, null, null, _parser, ct).ConfigureAwait(false);
        var entries = bundle.Entry.Select((entry, index) => new EntryWork(index, entry)).ToList();
        foreach (var work in entries)
        {
            try
            {
                work.Parse();
            }
            catch (FhirError e) when (!transaction)
            {
                work.Fail(e);
            }
        }
        var ordered = entries.Where(e => e.Error is null).OrderBy(e => e.Order).ThenBy(e => e.Index).ToList();
        // Reads ask the pipeline when they run (a search entry is parsed first, so it can be narrowed).
        foreach (var work in ordered.Where(w => w.Method != Bundle.HTTPVerb.GET))
        {
            try
            {
                await _pipeline.BeforeAsync(context, work.Interaction, null, work.Entry.Resource, _parser, ct).ConfigureAwait(false);
            }
            catch (FhirError e) when (!transaction)
            {
                work.Fail(e);
            }
            catch (FhirError e)
            {
                throw RolledBack(e, work);
            }
        }
        ordered.RemoveAll(w => w.Error is not null);
        if (transaction)
        {
            await RunTransactionAsync(context, ordered, ct).ConfigureAwait(false);
        }
        else
        {
            await RunBatchAsync(context, ordered, ct).ConfigureAwait(false);
        }
        var outcome = new BundleOutcome(bundle.Type.Value, [.. entries.Select(e => e.Outcome!)]);
        await _pipeline.AfterCommitAsync(context, interaction, [.. outcome.Entries.Where(e => e.Write is not null).Select(e => e.Write!)], ct).ConfigureAwait(false);
        return outcome;
    }

    private async Task RunTransactionAsync(RequestContext context, List<EntryWork> ordered, CancellationToken ct)
    {
        await using var session = await _store.BeginAsync(ct).ConfigureAwait(false);
        try
        {
            var references = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var work in ordered.Where(w => w.Method == Bundle.HTTPVerb.DELETE))
            {
                await ExecuteAsync(context, session, work, references, ct).ConfigureAwait(false);
            }
            // Identities first (new ids, conditional-create matches, conditional-update targets), so
            // every urn:uuid reference can be rewritten before anything is written.
            foreach (var work in ordered.Where(w => w.Method is Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT))
            {
                await AssignIdentityAsync(session, work, ct).ConfigureAwait(false);
                if (work.Entry.FullUrl is { Length: > 0 } fullUrl && work.TargetId is not null)
                {
                    references[fullUrl] = work.Url!.ResourceType + "/" + work.TargetId;
                }
            }
            // New resources depend on nothing stored once their references are rewritten: rewrite,
            // validate, serialise and index them on every core, then write everything in processing
            // order. Only conditional references need the session, so they are resolved in between,
            // in processing order, and only the entries holding one wait for that.
            var creates = ordered.Where(w => w.Method == Bundle.HTTPVerb.POST && w.Existing is null).ToList();
            InParallel(creates, work =>
            {
                work.Conditional = RewriteKnownReferences(work.Entry.Resource!, references);
                if (work.Conditional is null)
                {
                    Prepare(context, work);
                }
            });
            var waiting = creates.Where(w => w.Conditional is not null).ToList();
            foreach (var work in waiting)
            {
                await ResolveConditionalReferencesAsync(session, work.Conditional!, references, ct).ConfigureAwait(false);
            }
            InParallel(waiting, work => Prepare(context, work));
            foreach (var work in ordered.Where(w => w.Method != Bundle.HTTPVerb.DELETE))
            {
                await ExecuteAsync(context, session, work, references, ct).ConfigureAwait(false);
            }
            await session.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException e)
        {
            throw FhirError.Conflict(e);
        }
        catch (FhirError e)
        {
            throw RolledBack(e, ordered.FirstOrDefault(w => w.Outcome is null));
        }
    }

    /// <summary>The refusal of a whole transaction, naming the entry that caused it.</summary>
    private static FhirError RolledBack(FhirError e, EntryWork? failed)
    {
        var where = failed is null ? "" : $" (entry {failed.Index}: {failed.Method} {failed.Entry.Request?.Url})";
        var outcome = e.Outcome.DeepCopy() as OperationOutcome ?? e.Outcome;
        foreach (var issue in outcome.Issue)
        {
            issue.Diagnostics = "transaction rolled back" + where + ": " + issue.Diagnostics;
        }
        return new FhirError(e.Kind, outcome);
    }

    private static void InParallel(List<EntryWork> works, Action<EntryWork> action)
    {
        if (works.Count < 4)
        {
            works.ForEach(action);
            return;
        }
        Parallel.ForEach(works, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, action);
    }

    private void Prepare(RequestContext context, EntryWork work)
    {
        try
        {
            work.Prepared = PrepareVersion(context, work.Interaction, work.Entry.Resource!, work.TargetId!, null, StoredMethod.Create);
        }
        catch (FhirError e)
        {
            // Raised in processing order by ExecuteAsync, so the transaction names the first bad entry.
            work.PrepareError = e;
        }
    }

    /// <summary>
    /// Batch writes are committed in chunks, each one transaction with a savepoint per entry: an
    /// entry still succeeds or fails on its own, and the entries of a chunk share one commit (a
    /// commit per entry cost one WAL flush each, most of the time of a reference-data import). A
    /// chunk ends after <see cref="EngineOptions.BatchChunkEntries"/> entries or
    /// <see cref="EngineOptions.BatchChunkTime"/> of holding the write turn, whichever comes
    /// first; the writers that queued meanwhile then get their turn, so one 10,000-entry batch does
    /// not hold every other write of the server (SQLite has a single writer) for its whole length.
    /// Batch entries promise nothing about each other, so writes landing between chunks break no
    /// rule. Reads run afterwards on their own, so they see every write of the batch.
    /// </summary>
    private async Task RunBatchAsync(RequestContext context, List<EntryWork> ordered, CancellationToken ct)
    {
        var writes = ordered.Where(w => w.Method != Bundle.HTTPVerb.GET).ToList();
        var chunkEntries = _options.BatchChunkEntries > 0 ? _options.BatchChunkEntries : int.MaxValue;
        for (var next = 0; next < writes.Count;)
        {
            var chunk = writes.GetRange(next, Math.Min(chunkEntries, writes.Count - next));
            PrepareBatchCreates(context, chunk);
            next += await RunBatchChunkAsync(context, chunk, ct).ConfigureAwait(false);
        }
        foreach (var work in ordered.Where(w => w.Method == Bundle.HTTPVerb.GET))
        {
            await RunBatchEntryAsync(context, work, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Plain creates (no If-None-Exist, no conditional reference) depend on nothing stored: they are
    /// validated, serialised and indexed on every core before the chunk takes the write turn, which
    /// it then holds only to write.
    /// </summary>
    private void PrepareBatchCreates(RequestContext context, List<EntryWork> chunk)
    {
        var creates = chunk.Where(w => w.Method == Bundle.HTTPVerb.POST && w.Prepared is null && w.PrepareError is null
            && string.IsNullOrEmpty(w.Entry.Request?.IfNoneExist)).ToList();
        InParallel(creates, work =>
        {
            // A batch entry's references are its own: nothing of the bundle is mapped.
            if (RewriteKnownReferences(work.Entry.Resource!, NoReferences) is null)
            {
                work.TargetId = NewId();
                Prepare(context, work);
            }
        });
        // An update needs the current version to be written, but not to be checked (unless a
        // conditional reference in it must be resolved first).
        InParallel([.. chunk.Where(w => w.Method == Bundle.HTTPVerb.PUT && !w.Checked && w.PrepareError is null
            && RewriteKnownReferences(w.Entry.Resource!, NoReferences) is null)], work =>
        {
            try
            {
                Check(context, work.Interaction, work.Entry.Resource!);
                work.Checked = true;
            }
            catch (FhirError e)
            {
                work.PrepareError = e;
            }
        });
    }

    private static readonly Dictionary<string, string> NoReferences = new(StringComparer.Ordinal);

    /// <summary>Runs entries of <paramref name="chunk"/> in one transaction until the turn is used up.</summary>
    /// <returns>How many entries it ran: at least one, so every chunk makes progress.</returns>
    private async Task<int> RunBatchChunkAsync(RequestContext context, List<EntryWork> chunk, CancellationToken ct)
    {
        const string Savepoint = "bayu_entry";
        await using var session = await _store.BeginAsync(ct).ConfigureAwait(false);
        var turnStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var budget = _options.BatchChunkTime;
        var ran = 0;
        while (ran < chunk.Count && (ran == 0 || budget <= TimeSpan.Zero || System.Diagnostics.Stopwatch.GetElapsedTime(turnStarted) < budget))
        {
            var work = chunk[ran++];
            await session.SavepointAsync(Savepoint, ct).ConfigureAwait(false);
            FhirError? error;
            try
            {
                if (work.Prepared is null && work.PrepareError is null)
                {
                    await AssignIdentityAsync(session, work, ct).ConfigureAwait(false);
                }
                await ExecuteAsync(context, session, work, new Dictionary<string, string>(), ct).ConfigureAwait(false);
                await session.ReleaseSavepointAsync(Savepoint, ct).ConfigureAwait(false);
                continue;
            }
            catch (ConcurrencyConflictException e)
            {
                error = FhirError.Conflict(e);
            }
            catch (FhirError e)
            {
                error = e;
            }
            await session.RollbackToSavepointAsync(Savepoint, ct).ConfigureAwait(false);
            work.Fail(error);
        }
        try
        {
            await session.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException e)
        {
            // Nothing of this chunk was written: each of its write entries says so.
            var conflict = FhirError.Conflict(e);
            chunk.Take(ran).Where(w => w.Error is null).ToList().ForEach(w => w.Fail(conflict));
        }
        return ran;
    }

    private async Task RunBatchEntryAsync(RequestContext context, EntryWork work, CancellationToken ct)
    {
        try
        {
            await using var session = await _store.BeginAsync(ct).ConfigureAwait(false);
            await AssignIdentityAsync(session, work, ct).ConfigureAwait(false);
            await ExecuteAsync(context, session, work, new Dictionary<string, string>(), ct).ConfigureAwait(false);
            await session.CommitAsync(ct).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException e)
        {
            work.Fail(FhirError.Conflict(e));
        }
        catch (FhirError e)
        {
            work.Fail(e);
        }
    }

    private async Task AssignIdentityAsync(IStoreSession session, EntryWork work, CancellationToken ct)
    {
        var url = work.Url!;
        if (work.Method == Bundle.HTTPVerb.POST)
        {
            if (work.Entry.Request?.IfNoneExist is { Length: > 0 } ifNoneExist)
            {
                var matches = await SearchInSessionAsync(session, url.ResourceType, ifNoneExist, 2, ct).ConfigureAwait(false);
                if (matches.Count > 1)
                {
                    throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.MultipleMatches, $"several resources match If-None-Exist '{ifNoneExist}'");
                }
                if (matches.Count == 1)
                {
                    work.TargetId = matches[0].Id;
                    work.Existing = matches[0];
                    return;
                }
            }
            work.TargetId = NewId();
        }
        else if (work.Method == Bundle.HTTPVerb.PUT)
        {
            work.TargetId = url.Id ?? await ResolveConditionalTargetAsync(session, url.ResourceType, url.Query ?? "", work.Entry.Resource?.Id, ct).ConfigureAwait(false);
        }
    }

    private async Task ExecuteAsync(RequestContext context, IStoreSession session, EntryWork work, Dictionary<string, string> references, CancellationToken ct)
    {
        var url = work.Url!;
        WriteResult result;
        switch (work.Method)
        {
            case Bundle.HTTPVerb.DELETE:
                if (url.Id is not null)
                {
                    result = await DeleteAsync(session, url.ResourceType, url.Id, work.IfMatch, ct).ConfigureAwait(false);
                }
                else
                {
                    var matches = await SearchInSessionAsync(session, url.ResourceType, url.Query ?? "", 2, ct).ConfigureAwait(false);
                    result = matches.Count switch
                    {
                        0 => new WriteResult(WriteKind.NotFound, null, null),
                        1 => await DeleteAsync(session, url.ResourceType, matches[0].Id, work.IfMatch, ct).ConfigureAwait(false),
                        _ => throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.MultipleMatches, $"several resources match '{url.Query}'"),
                    };
                }
                break;
            case Bundle.HTTPVerb.POST:
                if (work.Existing is not null)
                {
                    result = new WriteResult(WriteKind.Existing, work.Existing, null);
                    break;
                }
                if (work.PrepareError is { } prepareError)
                {
                    throw prepareError;
                }
                if (work.Prepared is { } prepared)
                {
                    await session.WriteAsync(prepared.Write, ct).ConfigureAwait(false);
                    result = prepared.Result;
                    break;
                }
                await RewriteReferencesAsync(session, work.Entry.Resource!, references, ct).ConfigureAwait(false);
                result = await CreateAsync(context, work.Interaction, session, work.Entry.Resource!, null, work.TargetId, ct).ConfigureAwait(false);
                break;
            case Bundle.HTTPVerb.PUT:
                if (work.PrepareError is { } checkError)
                {
                    throw checkError;
                }
                await RewriteReferencesAsync(session, work.Entry.Resource!, references, ct).ConfigureAwait(false);
                result = await UpdateAsync(context, work.Interaction, session, work.Entry.Resource!, work.TargetId!, work.IfMatch, StoredMethod.Update, ct, work.Checked).ConfigureAwait(false);
                break;
            case Bundle.HTTPVerb.PATCH:
                var patch = _patcher?.Prepare(work.Entry.Resource!)
                    ?? throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.NotSupported, "this server does not apply PATCH entries");
                result = await PatchAsync(context, work.Interaction, session, url.ResourceType, url.Id!, patch, work.IfMatch, ct).ConfigureAwait(false);
                break;
            default:
                work.Outcome = await ReadEntryAsync(context, work, session, ct).ConfigureAwait(false);
                return;
        }
        work.Outcome = new EntryOutcome { Write = result };
    }

    private async Task RewriteReferencesAsync(IStoreSession session, Resource resource, Dictionary<string, string> references, CancellationToken ct)
    {
        if (RewriteKnownReferences(resource, references) is { } conditional)
        {
            await ResolveConditionalReferencesAsync(session, conditional, references, ct).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rewrites the references <paramref name="references"/> already maps (bundle-local full URLs,
    /// conditional references resolved before) and returns the conditional ones still to resolve.
    /// Only reads the map, so entries can run in parallel.
    /// </summary>
    private static List<ReferenceSlot>? RewriteKnownReferences(Resource resource, Dictionary<string, string> references)
    {
        List<ReferenceSlot>? conditional = null;
        ReferenceRewriter.Visit(resource, slot =>
        {
            if (references.TryGetValue(slot.Value, out var mapped))
            {
                slot.Set(mapped);
            }
            else if (ConditionalTypeLength(slot.Value) > 0)
            {
                (conditional ??= []).Add(slot);
            }
        });
        return conditional;
    }

    /// <summary>A conditional reference (<c>Patient?identifier=...</c>) must resolve to exactly one resource.</summary>
    private async Task ResolveConditionalReferencesAsync(IStoreSession session, List<ReferenceSlot> conditional, Dictionary<string, string> references, CancellationToken ct)
    {
        foreach (var slot in conditional)
        {
            var reference = slot.Value;
            if (!references.TryGetValue(reference, out var mapped))
            {
                var type = reference[..ConditionalTypeLength(reference)];
                var matches = await SearchInSessionAsync(session, type, reference[(type.Length + 1)..], 2, ct, readOnly: true).ConfigureAwait(false);
                if (matches.Count != 1)
                {
                    throw new FhirError(FhirErrorKind.PreconditionFailed, OperationOutcome.IssueType.NotFound,
                        $"conditional reference '{reference}' matches {(matches.Count == 0 ? "no" : "several")} resources");
                }
                mapped = type + "/" + matches[0].Id;
                references[reference] = mapped;
            }
            slot.Set(mapped);
        }
    }

    /// <summary>Length of the resource type before the '?' of a conditional reference; 0 when it is not one.</summary>
    private static int ConditionalTypeLength(string reference)
    {
        var question = reference.IndexOf('?', StringComparison.Ordinal);
        return question > 0 && ModelInfo.IsKnownResource(reference[..question]) ? question : 0;
    }

    private async Task<EntryOutcome> ReadEntryAsync(RequestContext context, EntryWork work, IStoreSession session, CancellationToken ct)
    {
        var url = work.Url!;
        if (url.Id is null)
        {
            var query = ParseSearch(url.ResourceType, QueryString.Parse(url.Query ?? ""));
            await _pipeline.BeforeAsync(context, work.Interaction, query, null, _parser, ct).ConfigureAwait(false);
            return new EntryOutcome { Search = new SearchOutcome(query, await session.SearchAsync(query, ct).ConfigureAwait(false)) };
        }
        await _pipeline.BeforeAsync(context, work.Interaction, null, null, _parser, ct).ConfigureAwait(false);
        var stored = url.VersionId is { } v
            ? await _store.ReadVersionAsync(url.ResourceType, url.Id, v, ct).ConfigureAwait(false)
            : await session.ReadCurrentAsync(url.ResourceType, url.Id, ct).ConfigureAwait(false);
        return new EntryOutcome { Read = Present(stored, url.ResourceType, url.Id, $"{url.ResourceType}/{url.Id} was deleted") };
    }

    /// <summary>Parses a stored version back into the model (only where a model is needed: XML, bundles, patch).</summary>
    public static Resource ParseStored(StoredResource stored) =>
        TryParseStored(stored) ?? throw new InvalidOperationException($"stored {stored.ResourceType}/{stored.Id} could not be parsed");

    /// <summary>
    /// Null when a stored version no longer parses: content accepted before today's door limits
    /// (e.g. nesting deeper than the JSON reader allows). Callers answer around it rather than fail.
    /// </summary>
    public static Resource? TryParseStored(StoredResource stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return FhirFormats.Parse(stored.Json ?? "", FhirFormat.Json, ParseMode.Lenient, ParseLimits.Stored).Resource;
    }

    /// <summary>Bookkeeping for one entry while a bundle is processed.</summary>
    private sealed class EntryWork(int index, Bundle.EntryComponent entry)
    {
        public int Index { get; } = index;
        public Bundle.EntryComponent Entry { get; } = entry;
        public Bundle.HTTPVerb Method { get; private set; }
        public RequestUrl? Url { get; private set; }
        public VersionMatch? IfMatch { get; private set; }
        public string? TargetId { get; set; }
        public StoredResource? Existing { get; set; }
        public (ResourceWrite Write, WriteResult Result)? Prepared { get; set; }
        public FhirError? PrepareError { get; set; }

        /// <summary>A PUT whose resource passed the check before its chunk took the write turn.</summary>
        public bool Checked { get; set; }
        public List<ReferenceSlot>? Conditional { get; set; }
        public EntryOutcome? Outcome { get; set; }
        public FhirError? Error { get; private set; }

        /// <summary>The entry as an interaction of its own, for the pipeline.</summary>
        public Interaction Interaction { get; private set; } = new(InteractionKind.Batch);

        public int Order => Method switch
        {
            Bundle.HTTPVerb.DELETE => 0,
            Bundle.HTTPVerb.POST => 1,
            Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH => 2,
            _ => 3,
        };

        public void Parse()
        {
            if (Entry.Request?.Method is not { } method)
            {
                throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Required, $"entry {Index} has no request.method");
            }
            Method = method;
            Url = RequestUrl.Parse(Entry.Request.Url);
            if (method == Bundle.HTTPVerb.PATCH && (Url.Id is null || Entry.Resource is null))
            {
                throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Required, $"entry {Index} (PATCH) needs a 'Type/id' url and the patch as its resource");
            }
            if (method is Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT)
            {
                if (Entry.Resource is null)
                {
                    throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Required, $"entry {Index} ({method}) has no resource");
                }
                if (Entry.Resource.TypeName != Url.ResourceType)
                {
                    throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, $"entry {Index}: a {Entry.Resource.TypeName} cannot be sent to '{Entry.Request.Url}'");
                }
            }
            if (method == Bundle.HTTPVerb.HEAD)
            {
                Method = Bundle.HTTPVerb.GET;
            }
            IfMatch = VersionMatch.Parse(Entry.Request.IfMatch);
            var conditional = Url.Id is null && !string.IsNullOrEmpty(Url.Query);
            var kind = Method switch
            {
                Bundle.HTTPVerb.POST => string.IsNullOrEmpty(Entry.Request.IfNoneExist) ? InteractionKind.Create : InteractionKind.ConditionalCreate,
                Bundle.HTTPVerb.PUT => conditional ? InteractionKind.ConditionalUpdate : InteractionKind.Update,
                Bundle.HTTPVerb.PATCH => InteractionKind.Patch,
                Bundle.HTTPVerb.DELETE => conditional ? InteractionKind.ConditionalDelete : InteractionKind.Delete,
                _ => Url.Id is null ? InteractionKind.Search : Url.VersionId is null ? InteractionKind.Read : InteractionKind.VRead,
            };
            Interaction = new Interaction(kind, Url.ResourceType, Url.Id, Index);
        }

        public void Fail(FhirError error)
        {
            Error = error;
            Outcome = new EntryOutcome { Error = error };
        }
    }
}
