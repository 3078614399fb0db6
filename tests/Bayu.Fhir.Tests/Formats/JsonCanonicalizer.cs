using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Bayu.Fhir.Tests.Formats;

/// <summary>
/// Canonical JSON for comparisons: keys sorted (ordinal), no whitespace, strings re-encoded the
/// same way, numbers kept as their literal text (so 1.50 and 1.5 stay different).
/// </summary>
/// <remarks>
/// With <c>xmlEquivalent</c>, two more rules make a document equal to its trip through FHIR XML:
/// string values are trimmed (R4 string: leading and trailing whitespace "SHOULD be removed when
/// using the XML format", and the SDK's XML writer does so), and the narrative's XHTML is compared
/// as XML (<c>&lt;p/&gt;</c> equals <c>&lt;p /&gt;</c>, <c>&amp;quot;</c> in text equals <c>"</c>).
/// </remarks>
internal static class JsonCanonicalizer
{
    private static readonly JsonWriterOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Canonicalize(ReadOnlySpan<byte> utf8, bool xmlEquivalent = false)
    {
        using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 512 });
        return Canonicalize(document.RootElement, xmlEquivalent);
    }

    public static string Canonicalize(string json, bool xmlEquivalent = false) => Canonicalize(Encoding.UTF8.GetBytes(json), xmlEquivalent);

    public static string Canonicalize(JsonElement element, bool xmlEquivalent = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, s_options))
        {
            Write(element, writer, xmlEquivalent, null);
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, bool xmlEquivalent, string? name)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, writer, xmlEquivalent, property.Name);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer, xmlEquivalent, name);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String when xmlEquivalent:
                var text = element.GetString()!;
                writer.WriteStringValue(name == "div" ? NormalizeXhtml(text) : text.Trim());
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetRawText(), skipInputValidation: true);
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static string NormalizeXhtml(string xhtml)
    {
        try
        {
            return XElement.Parse(xhtml, LoadOptions.PreserveWhitespace).ToString(SaveOptions.DisableFormatting);
        }
        catch (XmlException)
        {
            return xhtml;
        }
    }

    /// <summary>The first JSON path at which two canonical documents differ, for readable failures.</summary>
    public static string FirstDifference(string expected, string actual)
    {
        var length = Math.Min(expected.Length, actual.Length);
        var at = 0;
        while (at < length && expected[at] == actual[at])
        {
            at++;
        }
        var from = Math.Max(0, at - 60);
        return $"at char {at}: expected …{Slice(expected, from)}… actual …{Slice(actual, from)}…";
    }

    private static string Slice(string text, int from) => text.Substring(from, Math.Min(140, text.Length - from));
}
