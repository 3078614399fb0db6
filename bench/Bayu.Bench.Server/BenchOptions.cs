using System.Globalization;

namespace Bayu.Bench.Server;

internal sealed record BenchOptions(string Mode, string? Postgres, int Seconds, int Clients, string? Urls, string SyntheaFolder, string Load = "auto", string? Provider = null, int? Parallel = null, int? Count = null, string? ServerDll = null)
{
    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var postgres = Value("--postgres") ?? Environment.GetEnvironmentVariable("BAYU_TEST_POSTGRES");
        return new BenchOptions(
            args.FirstOrDefault() ?? "",
            string.IsNullOrWhiteSpace(postgres) ? null : postgres,
            int.Parse(Value("--seconds") ?? "10", CultureInfo.InvariantCulture),
            int.Parse(Value("--clients") ?? "32", CultureInfo.InvariantCulture),
            Value("--urls"),
            Value("--synthea") ?? FindSynthea(),
            Value("--load") ?? "auto",
            Value("--provider"),
            Value("--parallel") is { } parallel ? int.Parse(parallel, CultureInfo.InvariantCulture) : null,
            Value("--count") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : null,
            Value("--server"))
        {
            CliDll = Value("--cli"),
            AServer = Value("--a-server"),
            ACli = Value("--a-cli"),
            BServer = Value("--b-server"),
            BCli = Value("--b-cli"),
            Rounds = Value("--rounds") is { } rounds ? int.Parse(rounds, CultureInfo.InvariantCulture) : 2,
            Bundles = Value("--bundles") is { } bundles ? int.Parse(bundles, CultureInfo.InvariantCulture) : null,
            Scenarios = (Value("--scenarios") ?? "http,import").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    /// <summary><c>--cli</c>: <c>import</c> runs this build of <c>bayu import</c> (bayu.dll) as a child process instead of the write path in this process.</summary>
    public string? CliDll { get; init; }

    /// <summary><c>ab</c>: the two builds compared (server dll, CLI dll); B defaults to this repository's Release builds.</summary>
    public string? AServer { get; init; }

    public string? ACli { get; init; }

    public string? BServer { get; init; }

    public string? BCli { get; init; }

    /// <summary><c>ab</c>: runs of each build per provider, alternating A, B, A, B …</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>Import only the first N Synthea bundles (in ordinal file order, so the reference data comes first).</summary>
    public int? Bundles { get; init; }

    /// <summary><c>ab</c>: <c>http</c> (read by id, token search, create) and/or <c>import</c>.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = ["http", "import"];

    public static string DefaultServerDll => Path.Combine(RepositoryRoot(), "src", "Bayu.Server", "bin", "Release", "net10.0", "Bayu.Server.dll");

    public static string DefaultCliDll => Path.Combine(RepositoryRoot(), "src", "Bayu.Cli", "bin", "Release", "net10.0", "bayu.dll");

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Bayu.Bench.Server import|http|unanalysed|fairness|durability|ab [--postgres CONNECTION-STRING] [--seconds N] [--clients N] [--load auto|wrk|dotnet] [--synthea DIR] [--bundles N] [--provider sqlite|postgres] [--parallel N] [--count N] [--server BAYU.SERVER.DLL] [--cli BAYU.DLL]");
        Console.Error.WriteLine("       ab: --a-server BAYU.SERVER.DLL --a-cli BAYU.DLL [--b-server BAYU.SERVER.DLL] [--b-cli BAYU.DLL] [--rounds N] [--scenarios http,import]");
        return 2;
    }

    /// <summary>Whether <paramref name="provider"/> runs: all of them unless <c>--provider</c> names one.</summary>
    public bool Runs(string provider) => Provider is null || string.Equals(Provider, provider, StringComparison.OrdinalIgnoreCase);

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Bayu.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Bayu.slnx not found");
    }

    private static string FindSynthea() => Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "synthea"));
}
