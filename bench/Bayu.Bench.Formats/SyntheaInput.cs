using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Bench.Formats;

/// <summary>The Synthea bundles committed with the tests, decompressed into memory once.</summary>
internal static class SyntheaInput
{
    public static List<byte[]> Load()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "Bayu.Fhir.Tests", "TestData", "synthea");
        return [.. Directory.EnumerateFiles(folder, "*.json.bz2").Order(StringComparer.Ordinal).Select(Decompress)];
    }

    private static byte[] Decompress(string path)
    {
        using var file = File.OpenRead(path);
        using var bzip = new BZip2InputStream(file);
        using var buffer = new MemoryStream();
        bzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bayu.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Bayu.slnx not found above " + AppContext.BaseDirectory);
    }
}
