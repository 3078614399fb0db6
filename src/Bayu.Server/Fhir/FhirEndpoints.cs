using System.Globalization;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Bayu.Storage.Writing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// The FHIR REST surface under <c>/fhir</c>: one route group (so security policies apply once) with
/// thin handlers over <see cref="FhirRepository"/>.
/// </summary>
public static class FhirEndpoints
{
    public static IEndpointRouteBuilder MapFhir(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var fhir = app.MapGroup("/fhir").AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context).ConfigureAwait(false);
            }
            catch (FhirOperationError e)
            {
                return FhirResponse.Outcome(e.Status, e.Outcome, SafeNegotiation(context.HttpContext.Request));
            }
        });
        fhir.MapGet("/metadata", Metadata);
        fhir.MapPost("/", ProcessBundle);
        fhir.MapGet("/_history", SystemHistory);
        fhir.MapGet("/{type}", Search);
        fhir.MapPost("/{type}/_search", SearchByPost);
        fhir.MapPost("/{type}/$validate", Validation.ValidateOperation.HandleAsync);
        fhir.MapPost("/{type}", Create);
        fhir.MapPut("/{type}", ConditionalUpdate);
        fhir.MapDelete("/{type}", ConditionalDelete);
        fhir.MapGet("/{type}/_history", TypeHistory);
        fhir.MapGet("/{type}/{id}", Read);
        fhir.MapPut("/{type}/{id}", Update);
        fhir.MapPatch("/{type}/{id}", Patch);
        fhir.MapDelete("/{type}/{id}", Delete);
        fhir.MapPost("/{type}/{id}", (string type, string id) => NotAllowed($"POST is not allowed on {type}/{id}; use PUT to update"));
        fhir.MapGet("/{type}/{id}/_history", InstanceHistory);
        fhir.MapGet("/{type}/{id}/_history/{vid}", VRead);
        return app;
    }

    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
    }

    private static IResult Metadata(HttpRequest request, CapabilityStatementBuilder capabilities) =>
        FhirResponse.Model(200, capabilities.Build(BaseUrl(request)), FhirNegotiation.From(request));

    private static async Task<IResult> Read(string type, string id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var stored = await repository.ReadAsync(type, id, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return FhirResponse.Error(404, OperationIssue.NotFound, $"{type}/{id} does not exist", negotiation);
        }
        if (stored.Deleted)
        {
            return FhirResponse.Error(410, OperationIssue.Deleted, $"{type}/{id} was deleted", negotiation).WithVersion(stored);
        }
        if (NotModified(request, stored))
        {
            return FhirResponse.Empty(304).WithVersion(stored);
        }
        return FhirResponse.Stored(200, stored, negotiation);
    }

    private static async Task<IResult> VRead(string type, string id, string vid, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        if (!int.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return FhirResponse.Error(404, OperationIssue.NotFound, $"'{vid}' is not a version of {type}/{id}", negotiation);
        }
        var stored = await repository.ReadVersionAsync(type, id, version, ct).ConfigureAwait(false);
        if (stored is null)
        {
            return FhirResponse.Error(404, OperationIssue.NotFound, $"{type}/{id}/_history/{vid} does not exist", negotiation);
        }
        return stored.Deleted
            ? FhirResponse.Error(410, OperationIssue.Deleted, $"{type}/{id} version {vid} is a deletion", negotiation).WithVersion(stored)
            : FhirResponse.Stored(200, stored, negotiation);
    }

    private static async Task<IResult> Create(string type, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        resource.Id = null;
        var ifNoneExist = request.Headers["If-None-Exist"].ToString();
        var result = await repository.CreateAsync(resource, ifNoneExist, ct).ConfigureAwait(false);
        return WriteAnswer(request, result, negotiation);
    }

    private static async Task<IResult> Update(string type, string id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        if (string.IsNullOrEmpty(resource.Id))
        {
            return FhirResponse.Error(400, OperationIssue.Invalid, "the resource in an update must carry its id", negotiation);
        }
        var result = await repository.UpdateAsync(resource, id, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return WriteAnswer(request, result, negotiation);
    }

    private static async Task<IResult> ConditionalUpdate(string type, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var criteria = CriteriaOf(request);
        if (criteria.Length == 0)
        {
            return NotAllowed($"PUT on {type} needs an id or search criteria");
        }
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        var result = await repository.ConditionalUpdateAsync(resource, criteria, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return WriteAnswer(request, result, negotiation);
    }

    private static async Task<IResult> Patch(string type, string id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var media = (request.ContentType ?? "").Split(';')[0].Trim();
        if (!media.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase))
        {
            return FhirResponse.Error(415, OperationIssue.NotSupported, $"PATCH needs Content-Type application/json-patch+json, not '{request.ContentType}'", negotiation);
        }
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        var patch = JsonPatcher.Parse(body);
        var limits = RequestBody.ParseLimits(request);
        var result = await repository.PatchAsync(type, id, json => JsonPatcher.Apply(patch, json, limits), VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return WriteAnswer(request, result, negotiation);
    }

    private static async Task<IResult> Delete(string type, string id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        await repository.DeleteAsync(type, id, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return FhirResponse.Empty(204);
    }

    private static async Task<IResult> ConditionalDelete(string type, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var criteria = CriteriaOf(request);
        if (criteria.Length == 0)
        {
            return NotAllowed($"DELETE on {type} needs an id or search criteria");
        }
        await repository.ConditionalDeleteAsync(type, criteria, allowMultiple: false, ct).ConfigureAwait(false);
        return FhirResponse.Empty(204);
    }

    private static async Task<IResult> ProcessBundle(HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, "Bundle", ct).ConfigureAwait(false);
        var bundle = (Bundle)resource;
        var maxEntries = RequestBody.Limits(request).MaxBundleEntries;
        if (bundle.Entry.Count > maxEntries)
        {
            throw new FhirOperationError(413, OperationOutcome.IssueType.TooCostly,
                $"the bundle has {bundle.Entry.Count} entries; at most {maxEntries} are allowed in one request (Bayu:Limits:MaxBundleEntries): split it, or load bulk data with `bayu import`");
        }
        var response = await repository.ProcessBundleAsync(bundle, returnResources: negotiation.Return == "representation", ct).ConfigureAwait(false);
        return FhirResponse.Model(200, response, negotiation);
    }

    private static Task<IResult> Search(string type, HttpRequest request, FhirRepository repository, CancellationToken ct) =>
        SearchCoreAsync(type, request, [.. request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))], repository, ct);

    private static async Task<IResult> SearchByPost(string type, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        var parameters = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // Undecodable escapes (%00 in a key, broken UTF-8), too many keys, a value too long.
                return FhirResponse.Error(400, OperationIssue.Invalid, "The form body of _search cannot be read: " + ex.Message);
            }
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
        }
        else if (request.ContentLength > 0)
        {
            return FhirResponse.Error(415, OperationIssue.NotSupported, "_search by POST takes application/x-www-form-urlencoded parameters");
        }
        return await SearchCoreAsync(type, request, parameters, repository, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> SearchCoreAsync(string type, HttpRequest request, List<KeyValuePair<string, string>> parameters, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var query = repository.ParseSearch(type, parameters, negotiation.Lenient);
        if (negotiation.Summary == Hl7.Fhir.Rest.SummaryType.Count)
        {
            query.IncludeTotal = true;
            query.Count = 0;
        }
        var result = await repository.Store.SearchAsync(query, ct).ConfigureAwait(false);
        var baseUrl = BaseUrl(request);
        var kept = parameters.Where(p => p.Key is not ("_offset" or "_count")).ToList();
        var links = new List<FhirBundles.Link> { new("self", PageUrl(baseUrl, type, kept, query.Count, query.Offset)) };
        // _summary=count (and _count=0) asks for no page at all, so there is no next one either.
        var more = query.Count > 0 && (result.Total is { } total ? query.Offset + query.Count < total : result.Resources.Count == query.Count);
        if (more)
        {
            links.Add(new("next", PageUrl(baseUrl, type, kept, query.Count, query.Offset + query.Count)));
        }
        if (query.Offset > 0)
        {
            links.Add(new("previous", PageUrl(baseUrl, type, kept, query.Count, Math.Max(0, query.Offset - query.Count))));
        }
        var warnings = query.Ignored.Count == 0 ? null : new OperationOutcome
        {
            Issue = [.. query.Ignored.Select(i => new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Warning, Code = OperationOutcome.IssueType.NotSupported, Diagnostics = "ignored: " + i })],
        };
        return FhirBundles.Searchset(baseUrl, result.Resources, result.Total, links, negotiation, warnings);
    }

    private static string PageUrl(string baseUrl, string type, List<KeyValuePair<string, string>> parameters, int count, int offset)
    {
        var query = string.Join("&", parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value))
            .Append("_count=" + count.ToString(CultureInfo.InvariantCulture))
            .Append("_offset=" + offset.ToString(CultureInfo.InvariantCulture)));
        return $"{baseUrl}/{type}?{query}";
    }

    private static Task<IResult> SystemHistory(HttpRequest request, FhirRepository repository, CancellationToken ct) =>
        HistoryAsync(null, null, request, repository, ct);

    private static Task<IResult> TypeHistory(string type, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        return HistoryAsync(type, null, request, repository, ct);
    }

    private static Task<IResult> InstanceHistory(string type, string id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        RequireType(type);
        return HistoryAsync(type, id, request, repository, ct);
    }

    private static async Task<IResult> HistoryAsync(string? type, string? id, HttpRequest request, FhirRepository repository, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var count = IntParameter(request, "_count", SearchDefaults.Count, 0, RequestBody.Limits(request).MaxCount);
        var offset = IntParameter(request, "_offset", 0, 0, int.MaxValue);
        var since = DateParameter(request, "_since");
        var at = DateParameter(request, "_at");
        var versions = await repository.HistoryAsync(new HistoryQuery(type, id, since, at, count, offset), ct).ConfigureAwait(false);
        if (id is not null && versions.Count == 0 && offset == 0 && await repository.ReadAsync(type!, id, ct).ConfigureAwait(false) is null)
        {
            return FhirResponse.Error(404, OperationIssue.NotFound, $"{type}/{id} does not exist", negotiation);
        }
        var baseUrl = BaseUrl(request);
        var path = type is null ? "_history" : id is null ? $"{type}/_history" : $"{type}/{id}/_history";
        var kept = request.Query.Where(q => q.Key is not ("_offset" or "_count")).SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))).ToList();
        string Page(int o) => $"{baseUrl}/{path}?{string.Join("&", kept.Append($"_count={count}").Append($"_offset={o}"))}";
        var links = new List<FhirBundles.Link> { new("self", Page(offset)) };
        if (versions.Count == count && count > 0)
        {
            links.Add(new("next", Page(offset + count)));
        }
        if (offset > 0)
        {
            links.Add(new("previous", Page(Math.Max(0, offset - count))));
        }
        return FhirBundles.History(baseUrl, versions, links, negotiation);
    }

    private static FhirResponse WriteAnswer(HttpRequest request, WriteResult result, FhirNegotiation negotiation)
    {
        var stored = result.Stored!;
        var status = result.Kind == WriteKind.Created ? 201 : 200;
        FhirResponse response = negotiation.Return switch
        {
            "minimal" => FhirResponse.Empty(status),
            "OperationOutcome" => FhirResponse.Outcome(status, Outcomes.Information($"{result.Kind.ToString().ToLowerInvariant()} {stored.ResourceType}/{stored.Id} version {stored.VersionId}"), negotiation),
            _ => FhirResponse.Stored(status, stored, negotiation, result.Resource is { } r && !negotiation.CanServeStoredJson ? r : null),
        };
        response.WithVersion(stored);
        return response.WithLocation(request, stored);
    }

    /// <summary>Reads and strictly parses the body; <paramref name="expectedType"/> null accepts any resource type.</summary>
    internal static async Task<Resource> ReadResourceAsync(HttpRequest request, string? expectedType, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new FhirOperationError(400, OperationIssue.Invalid, "the request body is empty");
        }
        var format = FhirNegotiation.BodyFormat(request, body);
        var parsed = FhirFormats.Parse(body, format, ParseMode.Strict, RequestBody.ParseLimits(request));
        if (!parsed.IsSuccess)
        {
            throw new FhirOperationError(400, parsed.Outcome);
        }
        var resource = parsed.Resource!;
        if (expectedType is not null && resource.TypeName != expectedType)
        {
            throw new FhirOperationError(400, OperationIssue.Invalid, $"expected a {expectedType} but the body is a {resource.TypeName}");
        }
        return resource;
    }

    /// <summary>Parses the body leniently, returning the parse issues with the resource (400 only when nothing usable was read).</summary>
    internal static async Task<(Resource Resource, List<OperationOutcome.IssueComponent> Issues)> ReadResourceLenientAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new FhirOperationError(400, OperationIssue.Invalid, "the request body is empty");
        }
        var parsed = FhirFormats.Parse(body, FhirNegotiation.BodyFormat(request, body), ParseMode.Lenient, RequestBody.ParseLimits(request));
        return parsed.Resource is { } resource
            ? (resource, [.. parsed.Outcome.Issue])
            : throw new FhirOperationError(400, parsed.Outcome);
    }

    private static string CriteriaOf(HttpRequest request) =>
        string.Join("&", request.Query.Where(q => q.Key is not ("_format" or "_pretty")).SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));

    private static bool NotModified(HttpRequest request, StoredResource stored)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0)
        {
            return ifNoneMatch.Split(',').Any(tag => tag.Trim() == "*" || tag.Trim().Replace("W/", "", StringComparison.Ordinal) == $"\"{stored.VersionId.ToString(CultureInfo.InvariantCulture)}\"");
        }
        var ifModifiedSince = request.Headers.IfModifiedSince.ToString();
        // HTTP dates have whole seconds; compare at that precision.
        return ifModifiedSince.Length > 0
            && DateTimeOffset.TryParse(ifModifiedSince, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since)
            && stored.LastUpdated.ToUnixTimeSeconds() <= since.ToUnixTimeSeconds();
    }

    private static int IntParameter(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? Math.Clamp(value, min, max)
            : throw new FhirOperationError(400, OperationIssue.Invalid, $"{name} must be a non-negative integer");
    }

    private static DateTimeOffset? DateParameter(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }
        return Bayu.Storage.Indexing.DateRanges.TryParse(text, out var low, out _)
            ? Bayu.Storage.Indexing.DateRanges.ToDateTimeOffset(low)
            : throw new FhirOperationError(400, OperationIssue.Invalid, $"{name} '{text}' is not a valid instant");
    }

    internal static void RequireType(string type)
    {
        if (!ModelInfo.IsKnownResource(type))
        {
            throw new FhirOperationError(404, OperationIssue.NotSupported, $"unknown resource type '{type}'");
        }
    }

    private static FhirResponse NotAllowed(string message) => FhirResponse.Error(405, OperationIssue.NotSupported, message);

    private static FhirNegotiation? SafeNegotiation(HttpRequest request)
    {
        try
        {
            return FhirNegotiation.From(request);
        }
        catch (FhirOperationError)
        {
            return null;
        }
    }

    private static class SearchDefaults
    {
        public const int Count = Bayu.Storage.Search.SearchQuery.DefaultCount;
    }
}
