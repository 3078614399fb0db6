using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Fhir.Tests.TestData;

/// <summary>The Synthea transaction bundles committed (bzip2-compressed) under <c>TestData/synthea/</c>.</summary>
public static class SyntheaBundles
{
    /// <summary>The folder holding the <c>*.json.bz2</c> files (copied next to the test assembly).</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "synthea");

    /// <summary>Full paths of every bundle, sorted by name.</summary>
    public static IReadOnlyList<string> Files { get; } =
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.json.bz2").Order(StringComparer.Ordinal)];

    /// <summary>The decompressed UTF-8 bytes of one bundle.</summary>
    public static byte[] ReadBytes(string path)
    {
        using var file = File.OpenRead(path);
        using var bzip = new BZip2InputStream(file);
        using var buffer = new MemoryStream();
        bzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The file name without the <c>.json.bz2</c> suffix.</summary>
    public static string NameOf(string path) => Path.GetFileName(path)[..^".json.bz2".Length];
}
