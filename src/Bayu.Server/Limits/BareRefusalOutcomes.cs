using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace Bayu.Server.Limits;

/// <summary>
/// Gives Kestrel's own refusals an OperationOutcome. Kestrel answers a request it cannot parse
/// (a <c>%00</c> in the path, a raw control character, a request line over its buffer, headers too
/// slow or too large) before any middleware runs, with an empty body and <c>Connection: close</c>,
/// and offers no hook to change that. This connection middleware watches what Kestrel writes and
/// replaces exactly that response shape (a 4xx, or 505 for an unknown HTTP version, with <c>Content-Length: 0</c>, no content type and
/// <c>Connection: close</c>, which Bayu itself never produces) by the same status and headers with an
/// OperationOutcome body. Everything else passes through untouched.
/// </summary>
internal static class BareRefusalOutcomes
{
    public static void Use(IConnectionBuilder connection) =>
        connection.Use(next => context =>
        {
            context.Transport = new WatchedTransport(context.Transport);
            return next(context);
        });

    /// <summary>The replacement for a bare refusal, or null when <paramref name="written"/> is anything else.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        // Checked on the bytes first: every response's head passes through here.
        if (written.Length < 64 || !written.StartsWith("HTTP/1.1 "u8) || !written.EndsWith("\r\n\r\n"u8)
            || written.IndexOf("\r\nContent-Length: 0\r\n"u8) < 0 || written.IndexOf("\r\nConnection: close\r\n"u8) < 0)
        {
            return null;
        }
        var head = Encoding.ASCII.GetString(written);
        if (head.Contains("\r\nContent-Type:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var (code, diagnostic) = Diagnostic(head.AsSpan(9, 3));
        if (code is null)
        {
            return null;
        }
        var body = $$"""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"{{code}}","diagnostics":"{{diagnostic}}"}]}""";
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var headers = head[..^2].Replace("\r\nContent-Length: 0\r\n", "\r\n", StringComparison.Ordinal);
        var rewritten = Encoding.ASCII.GetBytes($"{headers}Content-Type: application/fhir+json; charset=utf-8\r\nContent-Length: {bodyBytes.Length}\r\n\r\n");
        return [.. rewritten, .. bodyBytes];
    }

    private static (string? Code, string Diagnostic) Diagnostic(ReadOnlySpan<char> status) => status switch
    {
        "400" => ("structure", "The request is not valid HTTP/1.1 and was refused before Bayu read it: a raw space, control or non-ASCII character in the request line or a header, a %00 in the path, or a malformed header line. Percent-encode the request target and send no NUL."),
        "408" => ("timeout", "The request's headers did not arrive in time."),
        "413" => ("too-costly", "The request body is larger than allowed (Bayu:Limits:MaxBodyBytes); bulk data goes through `bayu import`."),
        "414" => ("too-long", "The request line is longer than the server's 1 MiB request buffer; send long searches as POST [type]/_search with a form body."),
        "431" => ("too-long", "The request's headers are larger than allowed."),
        "505" => ("not-supported", "The HTTP version is not supported; use HTTP/1.1."),
        _ => (null, ""),
    };

    private sealed class WatchedTransport(IDuplexPipe inner) : IDuplexPipe
    {
        public PipeReader Input => inner.Input;

        public PipeWriter Output { get; } = new Writer(inner.Output);
    }

    /// <summary>
    /// Forwards every write; a write is looked at when it is committed (<see cref="Advance"/>),
    /// while its bytes are still in the memory lent to Kestrel and not yet handed on.
    /// </summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _lent;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _lent = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => (_lent = inner.GetMemory(sizeHint)).Span;

        public override void Advance(int bytes)
        {
            if (bytes <= _lent.Length && Rewrite(_lent.Span[..bytes]) is { } replacement)
            {
                // The lent bytes are not committed: writing the replacement reuses that memory.
                inner.Write(replacement);
                return;
            }
            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;
    }
}
