using System.IO.Compression;
using Bayu.Cli.Infrastructure;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Cli.Import;

/// <summary>An input file and how its content is laid out.</summary>
internal sealed record ImportFile(string Path, bool IsNdjson, long Length);

/// <summary>Finds the importable files under the given paths and opens them, decompressing on the fly.</summary>
internal static class ImportFiles
{
    /// <summary>
    /// Files in the order given; a folder contributes its importable files (recursively) in ordinal
    /// path order, so Synthea's "0-hospitalInformation…" and "0-practitionerInformation…" come first.
    /// </summary>
    public static IReadOnlyList<ImportFile> Resolve(IEnumerable<string> paths)
    {
        var files = new List<ImportFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => Kind(f) is not null)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    throw new CliUsageException($"no .json, .ndjson, .bz2 or .gz files in folder {path}");
                }
                files.AddRange(found.Select(Describe));
            }
            else if (File.Exists(path))
            {
                if (Kind(path) is null)
                {
                    throw new CliUsageException($"{path}: unsupported file type (expected .json, .ndjson, optionally .bz2 or .gz compressed)");
                }
                files.Add(Describe(path));
            }
            else
            {
                throw new CliUsageException($"{path}: no such file or folder");
            }
        }
        return files;
    }

    /// <summary>Opens the decompressed content; <paramref name="raw"/> is the file stream, whose position tracks progress.</summary>
    public static Stream Open(ImportFile file, out Stream raw)
    {
        raw = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var name = file.Path.ToLowerInvariant();
        if (name.EndsWith(".bz2", StringComparison.Ordinal))
        {
            return new BZip2InputStream(raw) { IsStreamOwner = true };
        }
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            return new GZipStream(raw, CompressionMode.Decompress);
        }
        return raw;
    }

    private static ImportFile Describe(string path) =>
        new(path, Kind(path) == ".ndjson", new FileInfo(path).Length);

    private static string? Kind(string path)
    {
        var name = path.ToLowerInvariant();
        foreach (var compression in (string[])[".bz2", ".gz"])
        {
            if (name.EndsWith(compression, StringComparison.Ordinal))
            {
                name = name[..^compression.Length];
                break;
            }
        }
        return name.EndsWith(".ndjson", StringComparison.Ordinal) ? ".ndjson"
            : name.EndsWith(".json", StringComparison.Ordinal) ? ".json"
            : null;
    }
}
