using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>What came back: status 0 means no answer (timeout, or the connection closed first).</summary>
internal sealed record FuzzResponse(int Status, string? ContentType, byte[] Body, TimeSpan Elapsed, string? Failure, string? Location)
{
    public string Text => Encoding.UTF8.GetString(Body);
}

/// <summary>
/// Sends fuzz requests to a loopback Kestrel: through HttpClient (kept-alive connections) when the
/// request is well-formed HTTP, else byte for byte on a fresh TCP socket so nothing gets "fixed" on the way.
/// </summary>
internal sealed class FuzzClient : IDisposable
{
    private static readonly UriCreationOptions Verbatim = new() { DangerousDisablePathAndQueryCanonicalization = true };
    private readonly Uri _base;
    private readonly HttpClient _http;

    public FuzzClient(Uri baseAddress, int connections)
    {
        _base = baseAddress;
        _http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(2, connections),
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        })
        {
            Timeout = FuzzSettings.AnswerWithin,
            MaxResponseContentBufferSize = int.MaxValue,
        };
    }

    public HttpClient Http => _http;

    public void Dispose() => _http.Dispose();

    public Uri BaseAddress => _base;

    public async Task<FuzzResponse> SendAsync(FuzzRequest request)
    {
        if (request.Raw is not null)
        {
            return await SendRawAsync(request.Raw).ConfigureAwait(false);
        }
        if (!IsPlainHttp(request))
        {
            return await SendRawAsync(ToRaw(request)).ConfigureAwait(false);
        }
        var clock = Stopwatch.StartNew();
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_base.GetLeftPart(UriPartial.Authority) + request.Path, Verbatim));
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            // As curl does above 1 MiB: a body the server refuses by its Content-Length is then
            // answered (413) before it is sent, instead of the connection closing mid-upload.
            message.Headers.ExpectContinue = request.Body.Length > 1024 * 1024;
        }
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.Remove(name);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        try
        {
            using var response = await _http.SendAsync(message).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return new FuzzResponse((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, clock.Elapsed, null,
                response.Headers.Location?.OriginalString);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return new FuzzResponse(0, null, [], clock.Elapsed, e.GetType().Name + ": " + e.Message, null);
        }
    }

    /// <summary>Requests HttpClient would refuse or rewrite (dot segments, raw control or non-ASCII characters) go raw.</summary>
    private static bool IsPlainHttp(FuzzRequest request) =>
        request.Path.StartsWith('/')
        && request.Path.All(c => c is > ' ' and < (char)0x7F)
        && !request.Path.Contains("/.", StringComparison.Ordinal)
        && request.Method.All(char.IsAsciiLetterUpper)
        && request.Headers.All(h => h.Key.All(c => c is > ' ' and < (char)0x7F and not ':') && h.Value.All(c => c is >= ' ' and < (char)0x7F));

    /// <summary>The request as HTTP/1.1 bytes; one request per connection.</summary>
    public static byte[] ToRaw(FuzzRequest request)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        foreach (var (name, value) in request.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        if (request.Body is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body.Length}\r\n");
        }
        head.Append("\r\n");
        // UTF-8, so non-ASCII in the path or headers reaches Kestrel as the bytes a careless client would send.
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. request.Body ?? []];
    }

    private async Task<FuzzResponse> SendRawAsync(byte[] raw)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = new CancellationTokenSource(FuzzSettings.AnswerWithin);
        using var tcp = new TcpClient(AddressFamily.InterNetwork);
        var received = new MemoryStream();
        try
        {
            await tcp.ConnectAsync(IPAddress.Loopback, _base.Port, timeout.Token).ConfigureAwait(false);
            var stream = tcp.GetStream();
            try
            {
                await stream.WriteAsync(raw, timeout.Token).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The server may refuse and close before the whole request is written; read its answer.
            }
            var buffer = new byte[64 * 1024];
            // No half-close: Kestrel takes a FIN for a client that has gone and drops the answer. A
            // request that promises more body than it sends must end by Kestrel's own body timeout.
            var read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            while (read > 0)
            {
                received.Write(buffer, 0, read);
                if (RawResponse.IsComplete(received.GetBuffer().AsSpan(0, (int)received.Length)))
                {
                    break;
                }
                read = await stream.ReadAsync(buffer, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return new FuzzResponse(0, null, [], clock.Elapsed, "no answer within " + FuzzSettings.AnswerWithin.TotalSeconds + " s", null);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            if (received.Length == 0)
            {
                return new FuzzResponse(0, null, [], clock.Elapsed, e.GetType().Name + ": " + e.Message, null);
            }
        }
        return RawResponse.Parse(received.ToArray(), clock.Elapsed);
    }
}

/// <summary>Just enough HTTP/1.1 response parsing for a status, a content type and a body.</summary>
internal static class RawResponse
{
    public static bool IsComplete(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }
        var head = Encoding.Latin1.GetString(data[..end]);
        if (Header(head, "Content-Length") is { } length && int.TryParse(length, CultureInfo.InvariantCulture, out var n))
        {
            return data.Length >= end + 4 + n;
        }
        if (Header(head, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            return data[(end + 4)..].IndexOf("\r\n0\r\n\r\n"u8) >= 0 || data[(end + 4)..].StartsWith("0\r\n\r\n"u8);
        }
        return false;
    }

    public static FuzzResponse Parse(byte[] data, TimeSpan elapsed)
    {
        var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return new FuzzResponse(0, null, [], elapsed, data.Length == 0 ? "connection closed without an answer" : "incomplete response head", null);
        }
        var head = Encoding.Latin1.GetString(data, 0, end);
        var statusLine = head.Split("\r\n")[0].Split(' ');
        var status = statusLine.Length > 1 && int.TryParse(statusLine[1], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var body = data[(end + 4)..];
        if (Header(head, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = Dechunk(body);
        }
        var contentType = Header(head, "Content-Type")?.Split(';')[0].Trim();
        return new FuzzResponse(status, contentType, body, elapsed, status == 0 ? "unreadable status line" : null, Header(head, "Location"));
    }

    private static string? Header(string head, string name) =>
        head.Split("\r\n").Skip(1).Select(line => line.Split(':', 2)).FirstOrDefault(p => p.Length == 2 && p[0].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))?[1].Trim();

    private static byte[] Dechunk(byte[] body)
    {
        var output = new MemoryStream();
        var position = 0;
        while (position < body.Length)
        {
            var lineEnd = body.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0 || !int.TryParse(Encoding.ASCII.GetString(body, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }
            position += lineEnd + 2;
            output.Write(body, position, Math.Min(size, body.Length - position));
            position += size + 2;
        }
        return output.ToArray();
    }
}
