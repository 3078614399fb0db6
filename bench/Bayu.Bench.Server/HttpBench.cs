using System.Text;
using Bayu.Demo.Region;

namespace Bayu.Bench.Server;

/// <summary>
/// HTTP throughput of the real server (its own process, loopback) for read by id, create and a token
/// search, each against an empty ASP.NET Core endpoint measured in the same run on the same machine.
/// </summary>
internal static class HttpBench
{
    private const int Residents = 1000;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var root = BenchOptions.RepositoryRoot();
        var self = SelfCommand();
        using var dotnetLoad = new LoadGenerator(options.Clients, TimeSpan.FromSeconds(options.Seconds));
        ILoad load = options.Load switch
        {
            "dotnet" => dotnetLoad,
            "wrk" => new WrkLoad(options.Clients, TimeSpan.FromSeconds(options.Seconds)),
            _ => WrkLoad.Available() ? new WrkLoad(options.Clients, TimeSpan.FromSeconds(options.Seconds)) : dotnetLoad,
        };
        Console.WriteLine($"Load generator: {load.Name}, {options.Clients} keep-alive clients on loopback, sharing the machine's cores with the server");
        double baselineGet;
        double baselinePost;
        // This binary turns profile-guided optimisation off for its import half; the empty server
        // keeps the runtime's default, as the real server does.
        var baselineEnvironment = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "1" };
        await using (var baseline = await ChildProcess.StartAsync(self[0], [.. self.Skip(1), "baseline-server"], baselineEnvironment, "/empty", TimeSpan.FromMinutes(1)))
        {
            baselineGet = (await load.RunAsync(baseline.BaseUri, new Scenario(HttpMethod.Get, ["/empty"]))).RequestsPerSecond;
            baselinePost = (await load.RunAsync(baseline.BaseUri, new Scenario(HttpMethod.Post, ["/empty"], ["{}"]))).RequestsPerSecond;
        }
        Console.WriteLine($"Baseline (empty ASP.NET Core endpoint): GET {baselineGet:N0} req/s, POST {baselinePost:N0} req/s");

        if (options.Runs("sqlite"))
        {
            await MeasureServerAsync("SQLite", root, new Dictionary<string, string> { ["Bayu__Storage__Provider"] = "Sqlite" }, options, load, baselineGet, baselinePost);
        }
        if (!options.Runs("postgres"))
        {
            return 0;
        }
        if (options.Postgres is { } connectionString)
        {
            var database = "bayu_bench_" + Guid.NewGuid().ToString("N")[..12];
            await using var admin = new Npgsql.NpgsqlConnection(connectionString);
            await admin.OpenAsync();
            await new Npgsql.NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
            try
            {
                var benchConnection = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString;
                await MeasureServerAsync("PostgreSQL", root, new Dictionary<string, string>
                {
                    ["Bayu__Storage__Provider"] = "Postgres",
                    ["ConnectionStrings__Postgres"] = benchConnection,
                }, options, load, baselineGet, baselinePost);
            }
            finally
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
            }
        }
        else
        {
            Console.WriteLine("PostgreSQL: skipped (pass --postgres or set BAYU_TEST_POSTGRES)");
        }
        return 0;
    }

    private static async Task MeasureServerAsync(string provider, string root, Dictionary<string, string> environment, BenchOptions options, ILoad load, double baselineGet, double baselinePost)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-bench-http-" + Guid.NewGuid().ToString("N"));
        environment["Bayu__DataDirectory"] = dataDirectory;
        environment["Bayu__Demo__Seed"] = "true";
        environment["Bayu__Demo__Residents"] = Residents.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Logging__LogLevel__Default"] = "Warning";
        // --server: another build (e.g. the previous commit's) measured against the same baseline.
        var serverDll = options.ServerDll ?? Path.Combine(root, "src", "Bayu.Server", "bin", "Release", "net10.0", "Bayu.Server.dll");
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException($"build the server first: dotnet build -c Release src/Bayu.Server ({serverDll} missing)");
        }
        try
        {
            await using var server = await ChildProcess.StartAsync("dotnet", [serverDll], environment, "/fhir/metadata", TimeSpan.FromMinutes(10));
            var residents = new DemoRegionGenerator(new DemoRegionOptions(Residents: Residents)).Residents()
                .Select(p => (Id: p.Id!, ResidentId: p.Identifier[0].Value!)).ToArray();
            var read = await load.RunAsync(server.BaseUri, new Scenario(HttpMethod.Get, [.. residents.Select(r => $"/fhir/Patient/{r.Id}")]));
            var search = await load.RunAsync(server.BaseUri, new Scenario(HttpMethod.Get,
                [.. residents.Select(r => $"/fhir/Patient?identifier={Uri.EscapeDataString(DemoCodes.ResidentIdSystem)}%7C{r.ResidentId}")]));
            var bodies = Enumerable.Range(0, 90).Select(i =>
                $$"""{"resourceType":"Patient","active":true,"name":[{"family":"王","given":["伟"]}],"gender":"male","birthDate":"1980-0{{i % 9 + 1}}-1{{i / 9}}"}""").ToArray();
            var create = await load.RunAsync(server.BaseUri, new Scenario(HttpMethod.Post, ["/fhir/Patient"], bodies));

            Console.WriteLine($"{provider} ({options.Clients} clients, {options.Seconds} s each):");
            Console.WriteLine($"  read by id    {read.RequestsPerSecond,8:N0} req/s  ({read.RequestsPerSecond / baselineGet:P1} of empty GET, {read.Failures} failed)");
            Console.WriteLine($"  token search  {search.RequestsPerSecond,8:N0} req/s  ({search.RequestsPerSecond / baselineGet:P1} of empty GET, {search.Failures} failed)");
            Console.WriteLine($"  create        {create.RequestsPerSecond,8:N0} req/s  ({create.RequestsPerSecond / baselinePost:P1} of empty POST, {create.Failures} failed)");
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    /// <summary>How to start this benchmark again (for the baseline server): the apphost, or dotnet plus the dll.</summary>
    private static string[] SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet"
            ? [processPath, typeof(HttpBench).Assembly.Location]
            : [processPath];
    }
}
