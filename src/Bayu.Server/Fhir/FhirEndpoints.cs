using System.Globalization;
using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// The FHIR REST surface under <c>/fhir</c>: one route group (so security policies apply once) with
/// thin handlers: negotiate, call the <see cref="FhirEngine"/> with the caller's context, and let
/// <see cref="FhirHttp"/> write the answer.
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
            catch (FhirError e)
            {
                return FhirHttp.Refusal(e, SafeNegotiation(context.HttpContext.Request));
            }
        });
        // The CapabilityStatement is discovery: it answers without a token (SMART, issue 14).
        fhir.MapGet("/metadata", Metadata).AllowAnonymous();
        fhir.MapPost("/", ProcessBundle);
        fhir.MapGet("/_history", SystemHistory);
        fhir.MapGet("/{type}", Search);
        fhir.MapPost("/{type}/_search", SearchByPost);
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
        fhir.MapOperations();
        return app;
    }

    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";
    }

    private static IResult Metadata(HttpRequest request, CapabilityStatementBuilder capabilities) =>
        FhirResponse.Model(200, capabilities.Build(BaseUrl(request)), FhirNegotiation.From(request));

    private static async Task<IResult> Read(string type, string id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var stored = await engine.ReadAsync(request.HttpContext.FhirContext(), type, id, ct).ConfigureAwait(false);
        return NotModified(request, stored)
            ? FhirResponse.Empty(304).WithVersion(stored)
            : FhirResponse.Stored(200, stored, negotiation);
    }

    private static async Task<IResult> VRead(string type, string id, string vid, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        if (!int.TryParse(vid, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationIssue.NotFound, $"'{vid}' is not a version of {type}/{id}");
        }
        var stored = await engine.ReadVersionAsync(request.HttpContext.FhirContext(), type, id, version, ct).ConfigureAwait(false);
        return FhirResponse.Stored(200, stored, negotiation);
    }

    private static async Task<IResult> Create(string type, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        resource.Id = null;
        var ifNoneExist = request.Headers["If-None-Exist"].ToString();
        var result = await engine.CreateAsync(request.HttpContext.FhirContext(), resource, ifNoneExist, ct).ConfigureAwait(false);
        return FhirHttp.Written(request, result, negotiation);
    }

    private static async Task<IResult> Update(string type, string id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        if (string.IsNullOrEmpty(resource.Id))
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, "the resource in an update must carry its id");
        }
        var result = await engine.UpdateAsync(request.HttpContext.FhirContext(), resource, id, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return FhirHttp.Written(request, result, negotiation);
    }

    private static async Task<IResult> ConditionalUpdate(string type, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var criteria = CriteriaOf(request);
        if (criteria.Length == 0)
        {
            return NotAllowed($"PUT on {type} needs an id or search criteria");
        }
        var resource = await ReadResourceAsync(request, type, ct).ConfigureAwait(false);
        var result = await engine.ConditionalUpdateAsync(request.HttpContext.FhirContext(), resource, criteria, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return FhirHttp.Written(request, result, negotiation);
    }

    private static async Task<IResult> Patch(string type, string id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var negotiation = FhirNegotiation.From(request);
        var media = (request.ContentType ?? "").Split(';')[0].Trim();
        if (!media.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase))
        {
            throw new FhirError(FhirErrorKind.UnsupportedMediaType, OperationIssue.NotSupported, $"PATCH needs Content-Type application/json-patch+json, not '{request.ContentType}'");
        }
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        var patch = JsonPatcher.Parse(body);
        var limits = RequestBody.ParseLimits(request);
        var result = await engine.PatchAsync(request.HttpContext.FhirContext(), type, id, json => JsonPatcher.Apply(patch, json, limits), VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return FhirHttp.Written(request, result, negotiation);
    }

    private static async Task<IResult> Delete(string type, string id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        await engine.DeleteAsync(request.HttpContext.FhirContext(), type, id, VersionMatch.Parse(request.Headers.IfMatch.ToString()), ct).ConfigureAwait(false);
        return FhirResponse.Empty(204);
    }

    private static async Task<IResult> ConditionalDelete(string type, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        RequireType(type);
        var criteria = CriteriaOf(request);
        if (criteria.Length == 0)
        {
            return NotAllowed($"DELETE on {type} needs an id or search criteria");
        }
        await engine.ConditionalDeleteAsync(request.HttpContext.FhirContext(), type, criteria, allowMultiple: false, ct).ConfigureAwait(false);
        return FhirResponse.Empty(204);
    }

    private static async Task<IResult> ProcessBundle(HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var resource = await ReadResourceAsync(request, "Bundle", ct).ConfigureAwait(false);
        var bundle = (Bundle)resource;
        var maxEntries = RequestBody.Limits(request).MaxBundleEntries;
        if (bundle.Entry.Count > maxEntries)
        {
            throw new FhirError(FhirErrorKind.TooLarge, OperationOutcome.IssueType.TooCostly,
                $"the bundle has {bundle.Entry.Count} entries; at most {maxEntries} are allowed in one request (Bayu:Limits:MaxBundleEntries): split it, or load bulk data with `bayu import`");
        }
        var outcome = await engine.ProcessBundleAsync(request.HttpContext.FhirContext(), bundle, ct).ConfigureAwait(false);
        return FhirResponse.Model(200, FhirHttp.BundleResponse(outcome, returnResources: negotiation.Return == "representation"), negotiation);
    }

    private static Task<IResult> Search(string type, HttpRequest request, FhirEngine engine, CancellationToken ct) =>
        SearchCoreAsync(type, request, [.. request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))], engine, ct);

    private static async Task<IResult> SearchByPost(string type, HttpRequest request, FhirEngine engine, CancellationToken ct)
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
                throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, "The form body of _search cannot be read: " + ex.Message);
            }
            parameters.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
        }
        else if (request.ContentLength > 0)
        {
            throw new FhirError(FhirErrorKind.UnsupportedMediaType, OperationIssue.NotSupported, "_search by POST takes application/x-www-form-urlencoded parameters");
        }
        return await SearchCoreAsync(type, request, parameters, engine, ct).ConfigureAwait(false);
    }

    private static async Task<IResult> SearchCoreAsync(string type, HttpRequest request, List<KeyValuePair<string, string>> parameters, FhirEngine engine, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var options = new SearchOptions(negotiation.Lenient, CountOnly: negotiation.Summary == Hl7.Fhir.Rest.SummaryType.Count);
        var (query, result) = await engine.SearchAsync(request.HttpContext.FhirContext(), type, parameters, options, ct).ConfigureAwait(false);
        var baseUrl = BaseUrl(request);
        var kept = parameters.Where(p => p.Key is not ("_offset" or "_count")).ToList();
        var links = new List<FhirBundles.Link> { new("self", PageUrl(baseUrl, type, kept, query.Count, query.Offset)) };
        // _summary=count (and _count=0) asks for no page at all, so there is no next one either.
        if (new SearchOutcome(query, result).HasMore)
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

    private static Task<IResult> SystemHistory(HttpRequest request, FhirEngine engine, CancellationToken ct) =>
        HistoryAsync(null, null, request, engine, ct);

    private static Task<IResult> TypeHistory(string type, HttpRequest request, FhirEngine engine, CancellationToken ct) =>
        HistoryAsync(type, null, request, engine, ct);

    private static Task<IResult> InstanceHistory(string type, string id, HttpRequest request, FhirEngine engine, CancellationToken ct) =>
        HistoryAsync(type, id, request, engine, ct);

    private static async Task<IResult> HistoryAsync(string? type, string? id, HttpRequest request, FhirEngine engine, CancellationToken ct)
    {
        var negotiation = FhirNegotiation.From(request);
        var count = IntParameter(request, "_count", SearchDefaults.Count, 0, RequestBody.Limits(request).MaxCount);
        var offset = IntParameter(request, "_offset", 0, 0, int.MaxValue);
        var since = DateParameter(request, "_since");
        var at = DateParameter(request, "_at");
        var versions = await engine.HistoryAsync(request.HttpContext.FhirContext(), new HistoryQuery(type, id, since, at, count, offset), ct).ConfigureAwait(false);
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

    /// <summary>Reads and strictly parses the body; <paramref name="expectedType"/> null accepts any resource type.</summary>
    internal static async Task<Resource> ReadResourceAsync(HttpRequest request, string? expectedType, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, "the request body is empty");
        }
        var format = FhirNegotiation.BodyFormat(request, body);
        var parsed = FhirFormats.Parse(body, format, ParseMode.Strict, RequestBody.ParseLimits(request));
        if (!parsed.IsSuccess)
        {
            throw new FhirError(FhirErrorKind.Invalid, parsed.Outcome);
        }
        var resource = parsed.Resource!;
        if (expectedType is not null && resource.TypeName != expectedType)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, $"expected a {expectedType} but the body is a {resource.TypeName}");
        }
        return resource;
    }

    /// <summary>Parses the body leniently, returning the parse issues with the resource (400 only when nothing usable was read).</summary>
    internal static async Task<(Resource Resource, List<OperationOutcome.IssueComponent> Issues)> ReadResourceLenientAsync(HttpRequest request, CancellationToken ct)
    {
        var body = await RequestBody.ReadAsync(request, ct).ConfigureAwait(false);
        if (body.Length == 0)
        {
            throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, "the request body is empty");
        }
        var parsed = FhirFormats.Parse(body, FhirNegotiation.BodyFormat(request, body), ParseMode.Lenient, RequestBody.ParseLimits(request));
        return parsed.Resource is { } resource
            ? (resource, [.. parsed.Outcome.Issue])
            : throw new FhirError(FhirErrorKind.Invalid, parsed.Outcome);
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
            : throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, $"{name} must be a non-negative integer");
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
            : throw new FhirError(FhirErrorKind.Invalid, OperationIssue.Invalid, $"{name} '{text}' is not a valid instant");
    }

    internal static void RequireType(string type)
    {
        if (!ModelInfo.IsKnownResource(type))
        {
            throw new FhirError(FhirErrorKind.NotFound, OperationIssue.NotSupported, $"unknown resource type '{type}'");
        }
    }

    private static FhirResponse NotAllowed(string message) => FhirResponse.Error(FhirErrorKind.NotAllowed, OperationIssue.NotSupported, message);

    private static FhirNegotiation? SafeNegotiation(HttpRequest request)
    {
        try
        {
            return FhirNegotiation.From(request);
        }
        catch (FhirError)
        {
            return null;
        }
    }

    private static class SearchDefaults
    {
        public const int Count = Bayu.Storage.Search.SearchQuery.DefaultCount;
    }
}
