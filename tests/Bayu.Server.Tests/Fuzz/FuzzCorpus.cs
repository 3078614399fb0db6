using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// The regression corpus: one JSON file per input that ever failed, replayed on both providers on
/// every run. Bodies are text when they are small valid UTF-8, else base64, and gzip+base64 above
/// 64 KB (a million-level nesting is megabytes of text but a few KB compressed).
/// </summary>
internal static class FuzzCorpus
{
    private const int TextLimit = 64 * 1024;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Fuzz", "Corpus");

    /// <summary>Corpus files relative to <see cref="Directory"/>.</summary>
    public static IEnumerable<string> Files() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.json", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Directory, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
            : [];

    /// <summary>Loads a corpus file, relative to <see cref="Directory"/> or by an absolute path.</summary>
    public static FuzzRequest Load(string relativePath)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, relativePath)))!.AsObject();
        return new FuzzRequest
        {
            Kind = (string?)json["kind"] ?? "corpus",
            Class = (string?)json["class"] ?? relativePath,
            Method = (string?)json["method"] ?? "GET",
            Path = (string?)json["path"] ?? "/fhir/metadata",
            Headers = [.. (json["headers"] as JsonArray ?? []).Select(h => new KeyValuePair<string, string>((string)h![0]!, (string)h[1]!))],
            Body = Bytes(json, "body"),
            Raw = Bytes(json, "raw"),
            KestrelAnswers = (bool?)json["kestrelAnswers"] ?? false,
            TransactionMarker = (string?)json["transactionMarker"],
            Note = (string?)json["note"],
            ExpectRefusal = (bool?)json["expectRefusal"] ?? false,
        };
    }

    public static string Serialize(FuzzRequest request, string cause, string detail)
    {
        var json = new JsonObject
        {
            ["cause"] = cause,
            ["detail"] = FuzzOracle.Cut(detail, 500),
            ["kind"] = request.Kind,
            ["class"] = request.Class,
            ["note"] = request.Note,
        };
        if (request.Raw is null)
        {
            json["method"] = request.Method;
            json["path"] = request.Path;
            json["headers"] = new JsonArray([.. request.Headers.Select(h => (JsonNode)new JsonArray(h.Key, h.Value))]);
        }
        Put(json, "body", request.Body);
        Put(json, "raw", request.Raw);
        if (request.KestrelAnswers)
        {
            json["kestrelAnswers"] = true;
        }
        if (request.TransactionMarker is not null)
        {
            json["transactionMarker"] = request.TransactionMarker;
        }
        return json.ToJsonString(Indented);
    }

    private static void Put(JsonObject json, string name, byte[]? bytes)
    {
        if (bytes is null)
        {
            return;
        }
        if (bytes.Length > TextLimit)
        {
            using var packed = new MemoryStream();
            using (var gzip = new GZipStream(packed, CompressionLevel.SmallestSize))
            {
                gzip.Write(bytes);
            }
            json[name + "GzipBase64"] = Convert.ToBase64String(packed.ToArray());
        }
        else if (IsText(bytes))
        {
            json[name] = Encoding.UTF8.GetString(bytes);
        }
        else
        {
            json[name + "Base64"] = Convert.ToBase64String(bytes);
        }
    }

    private static byte[]? Bytes(JsonObject json, string name)
    {
        if ((string?)json[name] is { } text)
        {
            return Encoding.UTF8.GetBytes(text);
        }
        if ((string?)json[name + "Base64"] is { } base64)
        {
            return Convert.FromBase64String(base64);
        }
        if ((string?)json[name + "GzipBase64"] is { } packed)
        {
            using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(packed)), CompressionMode.Decompress);
            using var unpacked = new MemoryStream();
            gzip.CopyTo(unpacked);
            return unpacked.ToArray();
        }
        return null;
    }

    /// <summary>Valid UTF-8 without a BOM or NULs, so the file shows the body as it is.</summary>
    private static bool IsText(byte[] bytes)
    {
        if (bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) || bytes.Contains((byte)0))
        {
            return false;
        }
        try
        {
            _ = new UTF8Encoding(false, true).GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
