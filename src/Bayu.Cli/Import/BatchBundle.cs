using System.Buffers;
using System.Text.Json;

namespace Bayu.Cli.Import;

/// <summary>A resource to put into a batch: its type, its id (if any) and how to write its JSON.</summary>
internal sealed record BatchItem(string ResourceType, string? Id, Action<Utf8JsonWriter> WriteResource);

/// <summary>Builds batch Bundles that PUT each resource under its id, or POST it when it has none.</summary>
internal static class BatchBundle
{
    public static ImportUnit Build(string source, IReadOnlyList<BatchItem> items, long sourceBytes)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var entries = new List<ImportEntry>(items.Count);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("type", "batch");
            writer.WriteStartArray("entry");
            foreach (var item in items)
            {
                var url = item.Id is null ? item.ResourceType : $"{item.ResourceType}/{item.Id}";
                writer.WriteStartObject();
                writer.WritePropertyName("resource");
                item.WriteResource(writer);
                writer.WriteStartObject("request");
                writer.WriteString("method", item.Id is null ? "POST" : "PUT");
                writer.WriteString("url", url);
                writer.WriteEndObject();
                writer.WriteEndObject();
                entries.Add(new ImportEntry(item.ResourceType, $"{(item.Id is null ? "POST" : "PUT")} {url}"));
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return ImportReader.Unit(source, buffer.WrittenSpan.ToArray(), isTransaction: false, entries, sourceBytes);
    }
}
