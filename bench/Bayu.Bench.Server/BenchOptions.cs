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
            Value("--server"));
    }

    public static int Usage()
    {
        Console.Error.WriteLine("usage: Bayu.Bench.Server import|http|unanalysed|fairness|durability [--postgres CONNECTION-STRING] [--seconds N] [--clients N] [--load auto|wrk|dotnet] [--synthea DIR] [--provider sqlite|postgres] [--parallel N] [--count N] [--server BAYU.SERVER.DLL]");
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
