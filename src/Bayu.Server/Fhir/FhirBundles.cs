using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Bayu.Engine.Interactions;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Bayu.Server.Fhir;

/// <summary>
/// Search and history Bundles. With plain JSON the stored resources are spliced in as raw JSON, so
/// a search never parses what it returns; other formats go through the model.
/// </summary>
internal static class FhirBundles
{
    public sealed record Link(string Relation, string Url);

    public static FhirResponse Searchset(string baseUrl, IReadOnlyList<StoredResource> resources, long? total, IReadOnlyList<Link> links, FhirNegotiation negotiation, OperationOutcome? warnings) =>
        Create(Bundle.BundleType.Searchset, baseUrl, resources, total, links, negotiation, warnings, history: false);

    public static FhirResponse History(string baseUrl, IReadOnlyList<StoredResource> resources, IReadOnlyList<Link> links, FhirNegotiation negotiation) =>
        Create(Bundle.BundleType.History, baseUrl, resources, null, links, negotiation, null, history: true);

    private static FhirResponse Create(Bundle.BundleType type, string baseUrl, IReadOnlyList<StoredResource> resources, long? total, IReadOnlyList<Link> links, FhirNegotiation negotiation, OperationOutcome? warnings, bool history)
    {
        if (negotiation.CanServeStoredJson)
        {
            return FhirResponse.Utf8Json(200, Utf8Json(type, baseUrl, resources, total, links, warnings, history));
        }
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { LastUpdated = DateTimeOffset.UtcNow },
            Type = type,
            Total = total is { } t ? (int)t : null,
            Link = [.. links.Select(l => new Bundle.LinkComponent { Relation = l.Relation, Url = l.Url })],
        };
        List<OperationOutcome.IssueComponent>? unreadable = null;
        foreach (var stored in resources)
        {
            var entry = new Bundle.EntryComponent { FullUrl = $"{baseUrl}/{stored.ResourceType}/{stored.Id}" };
            if (stored.Json is not null)
            {
                entry.Resource = FhirEngine.TryParseStored(stored);
                if (entry.Resource is null)
                {
                    // One resource stored before today's limits must not fail the whole page: a search
                    // reports it in its outcome entry; a history keeps the entry, without the resource.
                    (unreadable ??= []).Add(Unreadable(stored));
                    if (!history)
                    {
                        continue;
                    }
                }
            }
            if (history)
            {
                entry.Request = new Bundle.RequestComponent { Method = MethodOf(stored), Url = RequestUrlOf(stored) };
                entry.Response = new Bundle.ResponseComponent { Status = FhirHttp.StatusLine(stored), Etag = FhirHttp.ETag(stored.VersionId), LastModified = stored.LastUpdated };
            }
            else
            {
                entry.Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match };
            }
            bundle.Entry.Add(entry);
        }
        if (unreadable is not null && !history)
        {
            warnings = new OperationOutcome { Issue = [.. warnings?.Issue ?? [], .. unreadable] };
        }
        if (warnings is not null)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { Resource = warnings, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        }
        return FhirResponse.Model(200, bundle, negotiation);
    }

    public static OperationOutcome.IssueComponent Unreadable(StoredResource stored) => new()
    {
        Severity = OperationOutcome.IssueSeverity.Warning,
        Code = OperationOutcome.IssueType.TooCostly,
        Diagnostics = $"{stored.ResourceType}/{stored.Id} version {stored.VersionId} was stored before the current limits and can only be served as plain JSON (without _summary, _elements or _pretty)",
    };

    // Written once as UTF-8 and sent as is: no string in between.
    private static ReadOnlyMemory<byte> Utf8Json(Bundle.BundleType type, string baseUrl, IReadOnlyList<StoredResource> resources, long? total, IReadOnlyList<Link> links, OperationOutcome? warnings, bool history)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteStartObject("meta");
            writer.WriteString("lastUpdated", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteString("type", type == Bundle.BundleType.History ? "history" : "searchset");
            if (total is { } t)
            {
                writer.WriteNumber("total", t);
            }
            if (links.Count > 0)
            {
                writer.WriteStartArray("link");
                foreach (var link in links)
                {
                    writer.WriteStartObject();
                    writer.WriteString("relation", link.Relation);
                    writer.WriteString("url", link.Url);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            if (resources.Count > 0 || warnings is not null)
            {
                writer.WriteStartArray("entry");
                foreach (var stored in resources)
                {
                    writer.WriteStartObject();
                    writer.WriteString("fullUrl", $"{baseUrl}/{stored.ResourceType}/{stored.Id}");
                    if (stored.Json is not null)
                    {
                        writer.WritePropertyName("resource");
                        writer.WriteRawValue(stored.Json, skipInputValidation: true);
                    }
                    if (history)
                    {
                        writer.WriteStartObject("request");
                        writer.WriteString("method", MethodOf(stored).ToString());
                        writer.WriteString("url", RequestUrlOf(stored));
                        writer.WriteEndObject();
                        writer.WriteStartObject("response");
                        writer.WriteString("status", FhirHttp.StatusLine(stored));
                        writer.WriteString("etag", FhirHttp.ETag(stored.VersionId));
                        writer.WriteString("lastModified", stored.LastUpdated.ToString("yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture));
                        writer.WriteEndObject();
                    }
                    else
                    {
                        writer.WriteStartObject("search");
                        writer.WriteString("mode", "match");
                        writer.WriteEndObject();
                    }
                    writer.WriteEndObject();
                }
                if (warnings is not null)
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("resource");
                    writer.WriteRawValue(Bayu.Fhir.Formats.FhirFormats.SerializeToString(warnings, Bayu.Fhir.Formats.FhirFormat.Json), skipInputValidation: true);
                    writer.WriteStartObject("search");
                    writer.WriteString("mode", "outcome");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    private static Bundle.HTTPVerb MethodOf(StoredResource stored) => stored.Method switch
    {
        StoredMethod.Create => Bundle.HTTPVerb.POST,
        StoredMethod.Delete => Bundle.HTTPVerb.DELETE,
        StoredMethod.Patch => Bundle.HTTPVerb.PATCH,
        _ => Bundle.HTTPVerb.PUT,
    };

    private static string RequestUrlOf(StoredResource stored) =>
        stored.Method == StoredMethod.Create ? stored.ResourceType : $"{stored.ResourceType}/{stored.Id}";
}
