using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Fhir.Formats;

/// <summary>
/// The one entry point for reading and writing FHIR JSON and XML in Bayu, over the Firely SDK's
/// System.Text.Json and XmlReader serialisers. Parsing is strict by default and reports every
/// problem with its FHIRPath-style location as an <see cref="OperationOutcome"/>; it never throws
/// for bad content. All members are thread-safe.
/// </summary>
public static class FhirFormats
{
    private const string SubsettedSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private static readonly BaseFhirJsonSerializer s_jsonSerializer = new(ModelInfo.ModelInspector);
    private static readonly BaseFhirXmlSerializer s_xmlSerializer = new(ModelInfo.ModelInspector);

    // Chinese text is the norm here: write it as UTF-8, not as \uXXXX escapes. The relaxed encoder
    // is only unsafe for embedding JSON in HTML, which FHIR bodies never are.
    private static readonly JsonWriterOptions s_compactJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private static readonly JsonWriterOptions s_prettyJson = s_compactJson with { Indented = true };

    private static readonly XmlWriterSettings s_compactXml = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, CloseOutput = false };
    private static readonly XmlWriterSettings s_prettyXml = new() { Encoding = new UTF8Encoding(false), OmitXmlDeclaration = true, CloseOutput = false, Indent = true };

    /// <summary>Parses a resource from UTF-8 bytes.</summary>
    /// <param name="limits">Depth and string bounds checked before the deserializer runs; <see cref="ParseLimits.Default"/> when null.</param>
    public static ParseResult Parse(ReadOnlySpan<byte> utf8, FhirFormat format, ParseMode mode = ParseMode.Strict, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        if (format == FhirFormat.Json)
        {
            return JsonResourceParser.Parse(utf8, mode, limits);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(utf8.Length);
        try
        {
            utf8.CopyTo(buffer);
            using var stream = new MemoryStream(buffer, 0, utf8.Length, writable: false);
            return XmlResourceParser.Parse(stream, mode, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses a resource from text.</summary>
    public static ParseResult Parse(string text, FhirFormat format, ParseMode mode = ParseMode.Strict, ParseLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        limits ??= ParseLimits.Default;
        if (format == FhirFormat.Xml)
        {
            return XmlResourceParser.Parse(text, mode, limits);
        }
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            return JsonResourceParser.Parse(buffer.AsSpan(0, length), mode, limits);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads the stream to its end and parses the resource it holds.</summary>
    public static async ValueTask<ParseResult> ParseAsync(Stream stream, FhirFormat format, ParseMode mode = ParseMode.Strict, ParseLimits? limits = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        // The SDK's deserializers are synchronous; buffer first so no thread blocks on I/O.
        using var buffer = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
        await stream.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), format, mode, limits);
    }

    /// <summary>Tells JSON from XML by the first significant character; <c>null</c> when it is neither.</summary>
    public static FhirFormat? DetectFormat(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }
        foreach (var b in content)
        {
            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'{':
                    return FhirFormat.Json;
                case (byte)'<':
                    return FhirFormat.Xml;
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>Serializes a resource (or any element) to UTF-8 bytes.</summary>
    public static byte[] Serialize(Base resource, FhirFormat format, SerializeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= SerializeOptions.Default;
        if (format == FhirFormat.Json)
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            using (var writer = new Utf8JsonWriter(buffer, options.Pretty ? s_prettyJson : s_compactJson))
            {
                WriteJson(resource, writer, options);
            }
            return buffer.WrittenSpan.ToArray();
        }
        using var stream = new MemoryStream();
        Serialize(resource, stream, format, options);
        return stream.ToArray();
    }

    /// <summary>Serializes a resource (or any element) as UTF-8 to the stream, which stays open.</summary>
    public static void Serialize(Base resource, Stream output, FhirFormat format, SerializeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(output);
        options ??= SerializeOptions.Default;
        if (format == FhirFormat.Json)
        {
            using var writer = new Utf8JsonWriter(output, options.Pretty ? s_prettyJson : s_compactJson);
            WriteJson(resource, writer, options);
            return;
        }
        using var xmlWriter = XmlWriter.Create(output, options.Pretty ? s_prettyXml : s_compactXml);
        s_xmlSerializer.Serialize(Prepare(resource, options), xmlWriter, options.Summary, ElementsOf(options), includeMandatoryInElementsSummary: true);
    }

    /// <summary>Serializes a resource (or any element) to a string.</summary>
    public static string SerializeToString(Base resource, FhirFormat format, SerializeOptions? options = null) =>
        Encoding.UTF8.GetString(Serialize(resource, format, options));

    private static void WriteJson(Base resource, Utf8JsonWriter writer, SerializeOptions options) =>
        s_jsonSerializer.Serialize(Prepare(resource, options), writer, options.Summary, ElementsOf(options), includeMandatoryInElementsSummary: true);

    // Like other servers, always keep id and meta with _elements: id identifies the resource and
    // meta carries the SUBSETTED tag (the SDK itself adds only elements with min cardinality 1).
    private static string[]? ElementsOf(SerializeOptions options) =>
        options.Elements is { Count: > 0 } elements ? [.. elements.Union(["id", "meta"], StringComparer.Ordinal)] : null;

    /// <summary>
    /// A subset of a resource must carry the SUBSETTED tag (FHIR R4 §3.1.0.1.7), so clients never
    /// mistake it for the whole resource; the caller's instance is not modified.
    /// </summary>
    private static Base Prepare(Base resource, SerializeOptions options)
    {
        if (!options.IsSubsetting || resource is not Resource || resource is Bundle || options.Summary == Hl7.Fhir.Rest.SummaryType.Count)
        {
            return resource;
        }
        var copy = (Resource)resource.DeepCopy();
        copy.Meta ??= new Meta();
        if (!copy.Meta.Tag.Any(t => t.System == SubsettedSystem && t.Code == "SUBSETTED"))
        {
            copy.Meta.Tag.Add(new Coding(SubsettedSystem, "SUBSETTED", "Resource encoded in summary mode"));
        }
        return copy;
    }
}
