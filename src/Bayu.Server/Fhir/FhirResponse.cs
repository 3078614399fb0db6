using System.Globalization;
using System.Text;
using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Fhir.Formats;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// A FHIR answer: status, headers, and a body that is either stored JSON sent as is (the hot path)
/// or a model serialised in the negotiated format.
/// </summary>
internal sealed class FhirResponse(int status) : IResult
{
    private string? _rawJson;
    private ReadOnlyMemory<byte>? _utf8Json;
    private Base? _model;
    private FhirNegotiation? _negotiation;

    public int Status { get; } = status;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static FhirResponse Stored(int status, StoredResource stored, FhirNegotiation negotiation, Resource? model = null)
    {
        var response = new FhirResponse(status) { _negotiation = negotiation };
        response.WithVersion(stored);
        if (negotiation.CanServeStoredJson && stored.Json is not null)
        {
            response._rawJson = stored.Json;
        }
        else
        {
            response._model = model ?? FhirEngine.TryParseStored(stored)
                ?? throw new FhirError(FhirErrorKind.NotAcceptable, new OperationOutcome { Issue = [FhirBundles.Unreadable(stored)] });
        }
        return response;
    }

    public static FhirResponse Model(int status, Base model, FhirNegotiation? negotiation) =>
        new(status) { _model = model, _negotiation = negotiation };

    /// <summary>JSON already written as UTF-8 (a searchset or history page built from stored JSON).</summary>
    public static FhirResponse Utf8Json(int status, ReadOnlyMemory<byte> json) => new(status) { _utf8Json = json };

    // An outcome keeps the client's format and _pretty but never _summary/_elements: those shape
    // the resources asked for, and summarising an error would strip the very issues it reports.
    public static FhirResponse Outcome(int status, OperationOutcome outcome, FhirNegotiation? negotiation = null) =>
        Model(status, DiagnosticText.Safe(outcome), negotiation is null ? null : negotiation with { Summary = Hl7.Fhir.Rest.SummaryType.False, Elements = null });

    /// <summary>A refusal the server makes itself (outside the engine); its status comes from <see cref="FhirHttp"/>.</summary>
    public static FhirResponse Error(FhirErrorKind kind, OperationOutcome.IssueType code, string message, FhirNegotiation? negotiation = null) =>
        Outcome(FhirHttp.StatusOf(kind), Outcomes.Error(code, message), negotiation);

    public static FhirResponse Empty(int status) => new(status);

    public FhirResponse WithVersion(StoredResource stored)
    {
        Headers["ETag"] = FhirHttp.ETag(stored.VersionId);
        Headers["Last-Modified"] = stored.LastUpdated.ToString("R", CultureInfo.InvariantCulture);
        return this;
    }

    public FhirResponse WithLocation(HttpRequest request, StoredResource stored)
    {
        Headers["Location"] = $"{FhirEndpoints.BaseUrl(request)}/{stored.ResourceType}/{stored.Id}/_history/{stored.VersionId.ToString(CultureInfo.InvariantCulture)}";
        return this;
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }
        if (_utf8Json is { } utf8)
        {
            response.ContentType = FhirNegotiation.JsonContentType;
            response.ContentLength = utf8.Length;
            await response.Body.WriteAsync(utf8, httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (_rawJson is not null)
        {
            response.ContentType = FhirNegotiation.JsonContentType;
            var bytes = Encoding.UTF8.GetBytes(_rawJson);
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes, httpContext.RequestAborted).ConfigureAwait(false);
            return;
        }
        if (_model is null)
        {
            return;
        }
        // Outcomes and models honour the negotiated format when known, JSON otherwise.
        var negotiation = _negotiation ?? new FhirNegotiation(FhirFormat.Json, false, Hl7.Fhir.Rest.SummaryType.False, null, null, false);
        var body = FhirFormats.Serialize(_model, negotiation.Format, negotiation.SerializeOptions);
        response.ContentType = negotiation.ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
