using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bayu.Bench.Server;

/// <summary>
/// <c>bayu import</c> of a given CLI build (its bayu.dll) as a child process, into a fresh SQLite
/// data directory or an existing (empty) PostgreSQL database: how an import of two builds is compared.
/// </summary>
internal static partial class CliImport
{
    /// <param name="folder">Plain .json bundles (see <see cref="SyntheaBundles.WriteFolder"/>), so bzip2 is not measured.</param>
    /// <param name="postgres">The database to import into; null for a fresh SQLite data directory.</param>
    /// <returns>
    /// The rate <c>bayu import</c> reports (its clock runs from after the schema migration to after
    /// the closing statistics refresh, so process start-up is not in it) and the child's CPU time,
    /// start-up included (zero where <c>/proc</c> is missing).
    /// </returns>
    public static async Task<(double ResourcesPerSecond, int Imported, int Failed, TimeSpan Cpu)> RunAsync(string cliDll, string folder, string? postgres, int? parallel)
    {
        if (!File.Exists(cliDll))
        {
            throw new InvalidOperationException($"no CLI build at {cliDll} (dotnet build -c Release src/Bayu.Cli)");
        }
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-bench-cli-" + Guid.NewGuid().ToString("N"));
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { cliDll, "import", folder, "--no-progress" }
            .Concat(postgres is null ? ["--data-dir", dataDirectory] : ["--postgres", postgres])
            .Concat(parallel is { } p ? ["--parallel", p.ToString(CultureInfo.InvariantCulture)] : []))
        {
            info.ArgumentList.Add(argument);
        }
        try
        {
            var cpu = ChildrenCpu();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start dotnet " + cliDll);
            var errors = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var spent = ChildrenCpu() - cpu;
            if (ImportedLine().Match(output) is not { Success: true } line)
            {
                throw new InvalidOperationException($"bayu import exited with {process.ExitCode} without a summary:\n{output}{await errors}");
            }
            var failed = FailuresLine().Match(output) is { Success: true } f ? Number(f.Groups[1].Value) : 0;
            if (failed > 0)
            {
                Console.WriteLine("  " + string.Join("\n  ", output.Split('\n').SkipWhile(l => !FailuresLine().IsMatch(l)).Take(6)));
            }
            return (Number(line.Groups[2].Value), Number(line.Groups[1].Value), failed, spent);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    private static int Number(string text) => int.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    /// <summary>User + system CPU of this process's waited-for children (cutime + cstime of /proc/self/stat, in 100 Hz ticks).</summary>
    private static TimeSpan ChildrenCpu()
    {
        const string stat = "/proc/self/stat";
        if (!File.Exists(stat))
        {
            return TimeSpan.Zero;
        }
        // Fields after "pid (comm) ": state is field 3, cutime 16, cstime 17.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[16 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[17 - 3], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    [GeneratedRegex(@"Imported ([\d,]+) resources .* \(([\d,]+) resources/s\)")]
    private static partial Regex ImportedLine();

    [GeneratedRegex(@"^([\d,]+) failure\(s\):", RegexOptions.Multiline)]
    private static partial Regex FailuresLine();
}
