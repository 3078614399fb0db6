using System.Text.Json;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Bench.Server;

/// <summary>The Synthea bundles, decompressed into memory once so neither side of a comparison pays for bzip2.</summary>
internal static class SyntheaBundles
{
    public static IReadOnlyList<byte[]> Load(string folder)
    {
        var files = Directory.GetFiles(folder, "*.json.bz2").Order(StringComparer.Ordinal).ToList();
        return [.. files.Select(f =>
        {
            using var input = new BZip2InputStream(File.OpenRead(f));
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            return buffer.ToArray();
        })];
    }

    public static int CountEntries(IEnumerable<byte[]> bundles) =>
        bundles.Sum(b =>
        {
            using var document = JsonDocument.Parse(b);
            return document.RootElement.GetProperty("entry").GetArrayLength();
        });
}
