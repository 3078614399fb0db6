using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// Which institution submitted a version, by the convention of docs/modules.md: an institution's
/// system sets <c>meta.source</c> ("a uri that identifies the source system of the resource", R4)
/// to its Organization's reference — <c>Organization/&lt;id&gt;</c>, relative or absolute, optionally
/// followed by <c>#…</c> naming the sending application. Pure: no I/O.
/// </summary>
internal static partial class SubmissionSource
{
    private const string Segment = "Organization/";

    /// <summary>The Organization id <paramref name="source"/> names, or false when it names none.</summary>
    public static bool TryGetOrganizationId(string? source, [NotNullWhen(true)] out string? organizationId)
    {
        organizationId = null;
        if (string.IsNullOrEmpty(source))
        {
            return false;
        }
        var hash = source.IndexOf('#', StringComparison.Ordinal);
        var reference = hash < 0 ? source : source[..hash];
        string? id = null;
        if (reference.StartsWith(Segment, StringComparison.Ordinal))
        {
            id = reference[Segment.Length..];
        }
        else if (Uri.TryCreate(reference, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.Query.Length == 0 && reference.LastIndexOf("/" + Segment, StringComparison.Ordinal) is var at and >= 0)
        {
            // Any base: the platform cannot know every name it is reached by (proxies, ports), and the
            // id is the regional record's either way.
            id = reference[(at + 1 + Segment.Length)..];
        }
        if (id is null || !FhirId().IsMatch(id))
        {
            return false;
        }
        organizationId = id;
        return true;
    }

    /// <summary><c>meta.source</c> of a stored resource's JSON, or null; reads no further than it must.</summary>
    public static string? MetaSourceOf(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Most versions carry no source at all: skip the transcoding for them.
        if (!json.Contains("\"source\"", StringComparison.Ordinal))
        {
            return null;
        }
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMeta = reader.ValueTextEquals("meta"u8);
            reader.Read();
            if (isMeta && reader.TokenType == JsonTokenType.StartObject)
            {
                return SourceIn(ref reader);
            }
            reader.Skip();
        }
        return null;
    }

    private static string? SourceIn(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSource = reader.ValueTextEquals("source"u8);
            reader.Read();
            if (isSource)
            {
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            reader.Skip();
        }
        return null;
    }

    // R4 id: https://hl7.org/fhir/R4/datatypes.html#id
    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
