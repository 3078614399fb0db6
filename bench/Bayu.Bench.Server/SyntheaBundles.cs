using System.Text.Json;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Bench.Server;

/// <summary>The Synthea bundles, decompressed into memory once so neither side of a comparison pays for bzip2.</summary>
internal static class SyntheaBundles
{
    /// <param name="limit">Only the first N files in ordinal order (the reference-data bundles, "0-…", come first).</param>
    public static IReadOnlyList<byte[]> Load(string folder, int? limit = null) => [.. LoadNamed(folder, limit).Select(b => b.Bytes)];

    /// <summary>The bundles with their file names (without <c>.bz2</c>).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> LoadNamed(string folder, int? limit = null)
    {
        var files = Directory.GetFiles(folder, "*.json.bz2").Order(StringComparer.Ordinal).Take(limit ?? int.MaxValue).ToList();
        return [.. files.Select(f =>
        {
            using var input = new BZip2InputStream(File.OpenRead(f));
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            return (Path.GetFileNameWithoutExtension(f), buffer.ToArray());
        })];
    }

    /// <summary>The bundles as plain .json files in a new temporary folder, for a <c>bayu import</c> child process.</summary>
    public static DirectoryInfo WriteFolder(IEnumerable<(string Name, byte[] Bytes)> bundles)
    {
        var folder = Directory.CreateTempSubdirectory("bayu-bench-synthea-");
        foreach (var (name, bytes) in bundles)
        {
            File.WriteAllBytes(Path.Combine(folder.FullName, name), bytes);
        }
        return folder;
    }

    public static int CountEntries(IEnumerable<byte[]> bundles) =>
        bundles.Sum(b =>
        {
            using var document = JsonDocument.Parse(b);
            return document.RootElement.GetProperty("entry").GetArrayLength();
        });
}
