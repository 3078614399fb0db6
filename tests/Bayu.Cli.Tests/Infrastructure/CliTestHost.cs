using System.CommandLine;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Tests.Infrastructure;

/// <summary>A temporary folder for input files and in-process runs of one command group with output captured.</summary>
internal sealed class CliTestHost(Command group, params string[] prefix) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("bayu-cli-test-");

    /// <summary>A path in the folder (the file need not exist).</summary>
    public string PathOf(string name) => Path.Combine(_dir.FullName, name);

    public string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs <c>bayu PREFIX... ARGS...</c>; exit code, standard output and standard error.</summary>
    public (int Exit, string Out, string Err) Run(params string[] args)
    {
        var root = new RootCommand("test") { group };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = CliRunner.Run(root, [.. prefix, .. args], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public void Dispose() => _dir.Delete(recursive: true);
}
