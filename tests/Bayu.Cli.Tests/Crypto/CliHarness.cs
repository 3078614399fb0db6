using System.CommandLine;
using System.Diagnostics;
using Bayu.Cli.Card;
using Bayu.Cli.Crypto;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Ledger;

namespace Bayu.Cli.Tests.Crypto;

/// <summary>Runs the crypto, card and ledger command groups in-process, in a temporary folder.</summary>
public abstract class CliHarness : IDisposable
{
    protected string Folder { get; } = Directory.CreateTempSubdirectory("bayu-cli-crypto-").FullName;

    public void Dispose()
    {
        Directory.Delete(Folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string PathOf(string name) => Path.Combine(Folder, name);

    protected string Write(string name, string content)
    {
        File.WriteAllText(PathOf(name), content);
        return PathOf(name);
    }

    protected string Write(string name, byte[] content)
    {
        File.WriteAllBytes(PathOf(name), content);
        return PathOf(name);
    }

    protected static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(CryptoCommands.Build());
        root.Subcommands.Add(CardCommands.Build());
        root.Subcommands.Add(LedgerCommands.Build());
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliRunner.Run(root, args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    protected static (int Code, string Output) OpenSsl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Asserts a bad-input outcome: exit 2, one clear error line, no stack trace.</summary>
    protected static void AssertBadInput((int Code, string Stdout, string Stderr) result, string expectedFragment)
    {
        Assert.Equal(CliRunner.BadInput, result.Code);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(expectedFragment, result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
