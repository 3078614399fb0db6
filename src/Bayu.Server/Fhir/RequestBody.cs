using System.Buffers;
using Bayu.Engine.Errors;
using Bayu.Fhir.Formats;
using Bayu.Server.Limits;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Fhir;

/// <summary>
/// Reads a request body under <see cref="LimitsOptions.MaxBodyBytes"/>, counting what arrives (a
/// chunked body declares no length), and turns the ways a body can fail to arrive into 4xx outcomes.
/// </summary>
internal static class RequestBody
{
    public static LimitsOptions Limits(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<IOptions<LimitsOptions>>().Value;

    public static ParseLimits ParseLimits(HttpRequest request) =>
        request.HttpContext.RequestServices.GetRequiredService<ParseLimits>();

    public static async Task<byte[]> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var max = Limits(request).MaxBodyBytes;
        if (request.ContentLength > max)
        {
            throw TooLarge(max);
        }
        using var buffer = new MemoryStream(request.ContentLength is { } length ? (int)length : 0);
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > max)
                {
                    throw TooLarge(max);
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel's own refusals while reading: its body-size limit (413), a malformed chunked
            // encoding, a body slower than the minimum data rate (408), a truncated body.
            throw e.StatusCode == 413
                ? TooLarge(max)
                : new FhirError(e.StatusCode is >= 400 and < 500 ? FhirHttp.KindOf(e.StatusCode) : FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the request body could not be read: " + e.Message);
        }
        catch (IOException) when (!ct.IsCancellationRequested)
        {
            // e.g. a chunk size that overflows: Kestrel reports it as an I/O failure of the body stream.
            throw new FhirError(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, "the request body could not be read: its chunked transfer encoding is malformed or the connection failed mid-body");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return buffer.ToArray();
    }

    private static FhirError TooLarge(long max) =>
        new(FhirErrorKind.TooLarge, OperationOutcome.IssueType.TooCostly, $"the request body is larger than {max} bytes ({LimitsOptions.Section}:{nameof(LimitsOptions.MaxBodyBytes)}); bulk data goes through `bayu import`");
}
