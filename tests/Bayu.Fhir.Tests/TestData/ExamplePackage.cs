using System.Diagnostics;
using ICSharpCode.SharpZipLib.GZip;
using ICSharpCode.SharpZipLib.Tar;

namespace Bayu.Fhir.Tests.TestData;

/// <summary>
/// The official R4 examples (npm package <c>hl7.fhir.r4.examples@4.0.1</c>, CC0), fetched once
/// with <c>npm pack</c> into <c>.cache/</c> at the repository root and extracted there. Later
/// runs (and other test classes, in this or another process) reuse the extracted copy.
/// </summary>
public static class ExamplePackage
{
    public const string PackageName = "hl7.fhir.r4.examples";
    public const string Version = "4.0.1";

    private static readonly Lazy<string> s_directory = new(Fetch, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<IReadOnlyList<string>> s_files = new(ListFiles, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The extracted <c>package/</c> folder.</summary>
    public static string Directory => s_directory.Value;

    /// <summary>Full paths of every example resource (JSON), sorted by file name; package metadata excluded.</summary>
    public static IReadOnlyList<string> Files => s_files.Value;

    /// <summary>The full path of one example, e.g. <c>Patient-example.json</c>.</summary>
    public static string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>The text of one example, e.g. <c>Patient-example.json</c>.</summary>
    public static string Read(string fileName) => File.ReadAllText(PathOf(fileName));

    private static IReadOnlyList<string> ListFiles() =>
        [.. System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Where(f => Path.GetFileName(f) is not ("package.json" or ".index.json") && !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)];

    private static string Fetch()
    {
        var cacheRoot = Path.Combine(RepositoryRoot(), ".cache");
        var target = Path.Combine(cacheRoot, $"{PackageName}-{Version}");
        var packageDirectory = Path.Combine(target, "package");
        if (File.Exists(Path.Combine(target, ".complete")))
        {
            return packageDirectory;
        }

        // Download and extract into a private folder, then move it into place in one step, so a
        // concurrent test process never sees a half-extracted package.
        var work = Path.Combine(cacheRoot, $"tmp-{PackageName}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(work);
        try
        {
            var tarball = NpmPack(work);
            using (var file = File.OpenRead(tarball))
            using (var gzip = new GZipInputStream(file))
            using (var tar = TarArchive.CreateInputTarArchive(gzip, System.Text.Encoding.UTF8))
            {
                tar.ExtractContents(work);
            }
            File.Delete(tarball);
            File.WriteAllText(Path.Combine(work, ".complete"), $"{PackageName}@{Version}\n");
            try
            {
                System.IO.Directory.Move(work, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, ".complete")))
            {
                // another process won the race; its copy is identical
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(work))
            {
                System.IO.Directory.Delete(work, recursive: true);
            }
        }
        return packageDirectory;
    }

    private static string NpmPack(string workDirectory)
    {
        var start = new ProcessStartInfo("npm", ["pack", $"{PackageName}@{Version}", "--silent", "--pack-destination", workDirectory])
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The official examples are fetched with npm, which is not installed (apt-get install npm).", ex);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"npm pack {PackageName}@{Version} did not finish within 5 minutes.");
            }
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm pack {PackageName}@{Version} failed ({process.ExitCode}): {stderr.Result}");
            }
            var name = stdout.Result.Trim().Split('\n')[^1].Trim();
            return Path.Combine(workDirectory, name);
        }
    }

    /// <summary>The folder holding Bayu.slnx, found upwards from the test assembly.</summary>
    public static string RepositoryRoot()
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
