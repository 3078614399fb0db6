namespace Bayu.Cli.Tests.Import;

internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The Synthea sample bundles, shipped in shared/ beside the repository.</summary>
    public static string SyntheaFolder
    {
        get
        {
            var copy = Path.Combine(RepositoryRoot, "tests", "Bayu.Fhir.Tests", "TestData", "synthea");
            var shared = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "synthea"));
            return Directory.Exists(copy) && Directory.EnumerateFiles(copy, "*.bz2").Count() >= 60 ? copy
                : Directory.Exists(shared) ? shared
                : throw new InvalidOperationException($"Synthea bundles not found in {copy} or {shared}");
        }
    }

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "bayu-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bayu.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Bayu.slnx not found above the test binaries");
    }
}
