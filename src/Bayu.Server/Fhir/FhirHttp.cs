using System.Globalization;
using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Server.Fhir;

/// <summary>
/// The one place where engine results and refusals become HTTP: status codes, <c>ETag</c>,
/// <c>Location</c>, <c>Prefer: return</c>, OperationOutcome bodies — for a request of its own and
/// for each entry of a batch or transaction response alike.
/// </summary>
internal static class FhirHttp
{
    /// <summary>The status of a refusal, per the FHIR RESTful API.</summary>
    public static int StatusOf(FhirErrorKind kind) => kind switch
    {
        FhirErrorKind.Invalid => 400,
        FhirErrorKind.Unauthenticated => 401,
        FhirErrorKind.Forbidden => 403,
        FhirErrorKind.NotFound => 404,
        FhirErrorKind.NotAllowed => 405,
        FhirErrorKind.NotAcceptable => 406,
        FhirErrorKind.RequestTimeout => 408,
        FhirErrorKind.Conflict => 409,
        FhirErrorKind.Gone => 410,
        FhirErrorKind.PreconditionFailed => 412,
        FhirErrorKind.TooLarge => 413,
        FhirErrorKind.UriTooLong => 414,
        FhirErrorKind.UnsupportedMediaType => 415,
        FhirErrorKind.HeadersTooLarge => 431,
        FhirErrorKind.Unprocessable => 422,
        FhirErrorKind.TooManyRequests => 429,
        FhirErrorKind.Unavailable => 503,
        _ => 500,
    };

    /// <summary>The kind of a refusal that arrived as a status (Kestrel's own, while reading a body).</summary>
    public static FhirErrorKind KindOf(int status) => status switch
    {
        401 => FhirErrorKind.Unauthenticated,
        403 => FhirErrorKind.Forbidden,
        404 => FhirErrorKind.NotFound,
        405 => FhirErrorKind.NotAllowed,
        406 => FhirErrorKind.NotAcceptable,
        408 => FhirErrorKind.RequestTimeout,
        409 => FhirErrorKind.Conflict,
        410 => FhirErrorKind.Gone,
        412 => FhirErrorKind.PreconditionFailed,
        413 => FhirErrorKind.TooLarge,
        414 => FhirErrorKind.UriTooLong,
        415 => FhirErrorKind.UnsupportedMediaType,
        431 => FhirErrorKind.HeadersTooLarge,
        422 => FhirErrorKind.Unprocessable,
        429 => FhirErrorKind.TooManyRequests,
        503 => FhirErrorKind.Unavailable,
        >= 500 => FhirErrorKind.Internal,
        _ => FhirErrorKind.Invalid,
    };

    public static string ETag(int versionId) => "W/\"" + versionId.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>A refusal as an answer: its status and outcome, and the version's ETag when it is about one (a deletion).</summary>
    public static FhirResponse Refusal(FhirError error, FhirNegotiation? negotiation)
    {
        ArgumentNullException.ThrowIfNull(error);
        var response = FhirResponse.Outcome(StatusOf(error.Kind), error.Outcome, negotiation);
        return error.Version is { } version ? response.WithVersion(version) : response;
    }

    /// <summary>The answer to a create, update or patch, shaped by <c>Prefer: return</c>.</summary>
    public static FhirResponse Written(HttpRequest request, WriteResult result, FhirNegotiation negotiation)
    {
        ArgumentNullException.ThrowIfNull(result);
        var stored = result.Stored!;
        var status = StatusOf(result.Kind);
        FhirResponse response = negotiation.Return switch
        {
            "minimal" => FhirResponse.Empty(status),
            "OperationOutcome" => FhirResponse.Outcome(status, Outcomes.Information($"{result.Kind.ToString().ToLowerInvariant()} {stored.ResourceType}/{stored.Id} version {stored.VersionId}"), negotiation),
            _ => FhirResponse.Stored(status, stored, negotiation, result.Resource is { } r && !negotiation.CanServeStoredJson ? r : null),
        };
        response.WithVersion(stored);
        return response.WithLocation(request, stored);
    }

    public static int StatusOf(WriteKind kind) => kind switch
    {
        WriteKind.Created => 201,
        WriteKind.NotFound or WriteKind.Deleted => 204,
        _ => 200,
    };

    /// <summary>The batch-response or transaction-response Bundle for what the engine did.</summary>
    /// <param name="returnResources">Include each written resource (Prefer: return=representation).</param>
    public static Bundle BundleResponse(BundleOutcome outcome, bool returnResources)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new Bundle
        {
            Type = outcome.RequestType == Bundle.BundleType.Transaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse,
            Entry = [.. outcome.Entries.Select(e => ResponseEntry(e, returnResources))],
        };
    }

    private static Bundle.EntryComponent ResponseEntry(EntryOutcome entry, bool returnResources)
    {
        if (entry.Error is { } error)
        {
            return new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent { Status = StatusOf(error.Kind).ToString(CultureInfo.InvariantCulture), Outcome = error.Outcome },
            };
        }
        if (entry.Search is { } search)
        {
            var searchset = new Bundle { Type = Bundle.BundleType.Searchset, Total = search.Result.Total is { } t ? (int)t : null };
            searchset.Entry.AddRange(search.Result.Resources.Select(r => new Bundle.EntryComponent { Resource = FhirEngine.ParseStored(r), Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match } }));
            return new Bundle.EntryComponent { Resource = searchset, Response = new Bundle.ResponseComponent { Status = StatusLine(200) } };
        }
        if (entry.Read is { } read)
        {
            return new Bundle.EntryComponent
            {
                Resource = FhirEngine.ParseStored(read),
                Response = new Bundle.ResponseComponent { Status = StatusLine(200), Etag = ETag(read.VersionId), LastModified = read.LastUpdated },
            };
        }
        var result = entry.Write!;
        var stored = result.Stored;
        var response = new Bundle.ResponseComponent { Status = StatusLine(StatusOf(result.Kind)) };
        if (stored is not null && result.Kind != WriteKind.NotFound)
        {
            response.Location = $"{stored.ResourceType}/{stored.Id}/_history/{stored.VersionId.ToString(CultureInfo.InvariantCulture)}";
            response.Etag = ETag(stored.VersionId);
            response.LastModified = stored.LastUpdated;
        }
        var written = new Bundle.EntryComponent { Response = response };
        if (returnResources && stored?.Json is not null)
        {
            written.Resource = result.Resource ?? FhirEngine.ParseStored(stored);
        }
        return written;
    }

    /// <summary>The status of a version in a history bundle: how it came to be.</summary>
    public static string StatusLine(StoredResource stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return StatusLine(stored.Method switch
        {
            StoredMethod.Create => 201,
            StoredMethod.Delete => 204,
            _ => 200,
        });
    }

    private static string StatusLine(int status) => status switch
    {
        201 => "201 Created",
        204 => "204 No Content",
        _ => "200 OK",
    };
}
