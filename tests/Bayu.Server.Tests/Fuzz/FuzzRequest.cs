using System.Text;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// One hostile request: method, path and query exactly as sent (never canonicalised), headers in
/// order (repeats allowed), and a body; or, for malformed HTTP, the whole request as raw bytes.
/// </summary>
internal sealed record FuzzRequest
{
    /// <summary>The input kind, for the summary: json, xml, search, headers, path, bundle, http.</summary>
    public required string Kind { get; init; }

    /// <summary>The input class inside the kind (e.g. <c>search/or-list</c>), so failures group by cause.</summary>
    public required string Class { get; init; }

    public string Method { get; init; } = "GET";

    public string Path { get; init; } = "/fhir/metadata";

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[]? Body { get; init; }

    /// <summary>A whole HTTP/1.1 request sent on a socket as it is (malformed request lines, chunk sizes).</summary>
    public byte[]? Raw { get; init; }

    /// <summary>
    /// The request is malformed at the HTTP level, so Kestrel itself refuses it before any
    /// application code runs and cannot carry an OperationOutcome: only "no 5xx, an answer" holds.
    /// </summary>
    public bool KestrelAnswers { get; init; }

    /// <summary>
    /// For a transaction: the identifier value (system <see cref="FuzzSeeds.MarkerSystem"/>) on every
    /// resource it writes, so a refused transaction can be checked to have left no trace.
    /// </summary>
    public string? TransactionMarker { get; init; }

    public string? Note { get; init; }

    /// <summary>A corpus input the door must refuse with a 4xx (e.g. the validator's ext-1 hole), not merely survive.</summary>
    public bool ExpectRefusal { get; init; }

    public string? ContentType => Headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    public long Size => (Raw ?? Body)?.LongLength ?? 0;

    /// <summary>A short line for reports: method, path (cut), body size.</summary>
    public override string ToString()
    {
        var path = Path.Length > 160 ? Path[..160] + $"…({Path.Length} chars)" : Path;
        return Raw is not null
            ? $"[{Class}] raw {Raw.Length} bytes: {Printable(Raw, 120)}"
            : $"[{Class}] {Method} {path} ({Body?.Length ?? 0} bytes{(ContentType is { } t ? ", " + t : "")})";
    }

    private static string Printable(byte[] bytes, int max)
    {
        var text = Encoding.Latin1.GetString(bytes, 0, Math.Min(max, bytes.Length));
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
