using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Bayu.Cli.Import;

/// <summary>
/// Turns input files into units to send. Bundles of type transaction or batch go as they are; any
/// other bundle, a single resource, or NDJSON lines become batch bundles that PUT each resource
/// under its id (so references between files keep working) or POST it when it has none.
/// The JSON is only inspected, never turned into the FHIR model: the target parses it once.
/// </summary>
internal sealed class ImportReader(int batchSize)
{
    // Resources other bundles point at through conditional references (Synthea's hospital and
    // practitioner bundles): such units finish before anything after them starts.
    private static readonly HashSet<string> ReferenceDataTypes = new(StringComparer.Ordinal)
    {
        "Organization", "Location", "Practitioner", "PractitionerRole", "HealthcareService", "Endpoint",
        "Medication", "Substance", "Group", "ValueSet", "CodeSystem", "StructureDefinition", "SearchParameter",
    };

    public IEnumerable<IImportItem> Read(ImportFile file)
    {
        using var content = ImportFiles.Open(file, out var raw);
        var consumed = 0L;
        long Consumed()
        {
            // Compressed bytes read since the last unit; the file stream's position tracks the decompressor.
            var now = raw.CanSeek ? raw.Position : 0;
            var delta = now - consumed;
            consumed = now;
            return delta;
        }

        var items = file.IsNdjson ? ReadNdjson(file.Path, content, Consumed) : ReadBundleFile(file.Path, content, Consumed);
        foreach (var item in items)
        {
            yield return item;
        }
    }

    private static IEnumerable<IImportItem> ReadBundleFile(string path, Stream content, Func<long> consumed)
    {
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        yield return FromBytes(path, buffer.ToArray(), consumed());
    }

    /// <summary>The unit (or input error) for one JSON document already in memory.</summary>
    internal static IImportItem FromBytes(string source, byte[] bytes, long sourceBytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return FromDocument(source, bytes, document.RootElement, sourceBytes);
        }
        catch (JsonException ex)
        {
            return new ImportInputError(source, $"not valid JSON: {ex.Message}", sourceBytes);
        }
    }

    private static IImportItem FromDocument(string path, byte[] bytes, JsonElement root, long sourceBytes)
    {
        var type = ResourceType(root);
        if (type is null)
        {
            return new ImportInputError(path, "not a FHIR resource (no resourceType)", sourceBytes);
        }
        if (type == "Bundle" && root.TryGetProperty("type", out var bundleType) && bundleType.GetString() is "transaction" or "batch")
        {
            var entries = new List<ImportEntry>();
            if (root.TryGetProperty("entry", out var entryArray) && entryArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entryArray.EnumerateArray())
                {
                    entries.Add(Describe(entry));
                }
            }
            return Unit(path, bytes, bundleType.GetString() == "transaction", entries, sourceBytes);
        }

        // Collections, search sets and single resources are loaded as a batch of their resources.
        var resources = type == "Bundle" && root.TryGetProperty("entry", out var items) && items.ValueKind == JsonValueKind.Array
            ? items.EnumerateArray().Where(e => e.TryGetProperty("resource", out _)).Select(e => e.GetProperty("resource")).ToList()
            : [root];
        return BatchOf(path, resources, sourceBytes);
    }

    private IEnumerable<IImportItem> ReadNdjson(string path, Stream content, Func<long> consumed)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        var pending = new List<JsonDocument>();
        var firstLine = 0;
        var lineNumber = 0;
        try
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                JsonDocument? document = null;
                string? problem = null;
                try
                {
                    document = JsonDocument.Parse(line);
                    if (ResourceType(document.RootElement) is null)
                    {
                        problem = "not a FHIR resource (no resourceType)";
                    }
                }
                catch (JsonException ex)
                {
                    problem = $"not valid JSON: {ex.Message}";
                }
                if (problem is not null)
                {
                    document?.Dispose();
                    yield return new ImportInputError($"{path} line {lineNumber}", problem, 0);
                    continue;
                }
                if (pending.Count == 0)
                {
                    firstLine = lineNumber;
                }
                pending.Add(document!);
                if (pending.Count == batchSize)
                {
                    yield return BatchOf($"{path} lines {firstLine}-{lineNumber}", [.. pending.Select(d => d.RootElement)], consumed());
                    DisposeAll(pending);
                }
            }
            if (pending.Count > 0)
            {
                yield return BatchOf($"{path} lines {firstLine}-{lineNumber}", [.. pending.Select(d => d.RootElement)], consumed());
            }
        }
        finally
        {
            DisposeAll(pending);
        }
    }

    private static ImportUnit BatchOf(string source, IReadOnlyList<JsonElement> resources, long sourceBytes) =>
        BatchBundle.Build(source, [.. resources.Select(r => new BatchItem(
            ResourceType(r) ?? "?",
            r.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            r.WriteTo))], sourceBytes);

    internal static ImportUnit Unit(string source, byte[] bundle, bool isTransaction, IReadOnlyList<ImportEntry> entries, long sourceBytes) =>
        new(source, bundle, isTransaction, entries, entries.Count > 0 && entries.All(e => ReferenceDataTypes.Contains(e.ResourceType)), sourceBytes);

    private static ImportEntry Describe(JsonElement entry)
    {
        var type = entry.TryGetProperty("resource", out var resource) ? ResourceType(resource) ?? "?" : "?";
        var label = entry.TryGetProperty("request", out var request)
            && request.TryGetProperty("method", out var method) && request.TryGetProperty("url", out var url)
            ? string.Create(CultureInfo.InvariantCulture, $"{method.GetString()} {url.GetString()}")
            : type;
        return new ImportEntry(type, label);
    }

    private static string? ResourceType(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty("resourceType", out var type)
        && type.ValueKind == JsonValueKind.String
            ? type.GetString()
            : null;

    private static void DisposeAll(List<JsonDocument> documents)
    {
        foreach (var document in documents)
        {
            document.Dispose();
        }
        documents.Clear();
    }
}
