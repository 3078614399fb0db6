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
        var load = Load(options, dotnetLoad);
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

    /// <summary>The load generator <c>--load</c> asks for: wrk, or <paramref name="dotnetLoad"/> (auto: wrk when it is on PATH).</summary>
    public static ILoad Load(BenchOptions options, LoadGenerator dotnetLoad) => options.Load switch
    {
        "dotnet" => dotnetLoad,
        "wrk" => new WrkLoad(options.Clients, TimeSpan.FromSeconds(options.Seconds)),
        _ => WrkLoad.Available() ? new WrkLoad(options.Clients, TimeSpan.FromSeconds(options.Seconds)) : dotnetLoad,
    };

    /// <summary>The settings that make a server seed the demo region these scenarios read and search.</summary>
    public static Dictionary<string, string> SeedSettings() => new()
    {
        ["Bayu__Demo__Seed"] = "true",
        ["Bayu__Demo__Residents"] = Residents.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Read by id, token search (identifier system|value) and create against a server seeded with
    /// <see cref="SeedSettings"/>, in that order. The ids and identifiers come from the server itself,
    /// so two builds are compared on their own data even if their seeding differs. Besides req/s, the
    /// server process's CPU time per request over the measured run (<paramref name="duration"/>):
    /// steadier than req/s on a shared machine (for PostgreSQL it leaves out the database's share).
    /// </summary>
    public static async Task<(HttpFigure Read, HttpFigure Search, HttpFigure Create)> MeasureAsync(ChildProcess server, ILoad load, TimeSpan duration)
    {
        var baseUri = server.BaseUri;
        var residents = await ResidentsAsync(baseUri);
        async Task<HttpFigure> Run(Scenario scenario)
        {
            var cpu = TimeSpan.Zero;
            var (rate, failures) = await load.RunAsync(baseUri, scenario, () => cpu = server.Cpu);
            return new HttpFigure(rate, failures, (server.Cpu - cpu).TotalMicroseconds / Math.Max(1, rate * duration.TotalSeconds));
        }
        var read = await Run(new Scenario(HttpMethod.Get, [.. residents.Select(r => $"/fhir/Patient/{r.Id}")]));
        var search = await Run(new Scenario(HttpMethod.Get, [.. residents.Select(r => $"/fhir/Patient?identifier={Uri.EscapeDataString(r.Identifier)}")]));
        var bodies = Enumerable.Range(0, 90).Select(i =>
            $$"""{"resourceType":"Patient","active":true,"name":[{"family":"王","given":["伟"]}],"gender":"male","birthDate":"1980-0{{i % 9 + 1}}-1{{i / 9}}"}""").ToArray();
        var create = await Run(new Scenario(HttpMethod.Post, ["/fhir/Patient"], bodies));
        return (read, search, create);
    }

    /// <summary>The seeded Patients' ids and first identifiers (as a token, system|value), checked to find exactly their Patient.</summary>
    private static async Task<IReadOnlyList<(string Id, string Identifier)>> ResidentsAsync(Uri baseUri)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Accept.ParseAdd(Scenario.ContentType);
        var residents = new List<(string Id, string Identifier)>();
        Uri? page = new(baseUri, $"/fhir/Patient?_count={Residents}");
        while (page is not null && residents.Count < Residents)
        {
            using var document = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(page));
            var root = document.RootElement;
            var entries = root.TryGetProperty("entry", out var e) ? e.EnumerateArray().Select(x => x.GetProperty("resource")) : [];
            foreach (var resource in entries.Where(r => r.GetProperty("resourceType").GetString() == "Patient"))
            {
                if (resource.TryGetProperty("identifier", out var identifiers) && identifiers.GetArrayLength() > 0 && identifiers[0].TryGetProperty("value", out var value))
                {
                    var system = identifiers[0].TryGetProperty("system", out var s) ? s.GetString() + "|" : "";
                    residents.Add((resource.GetProperty("id").GetString()!, system + value.GetString()));
                }
            }
            page = root.TryGetProperty("link", out var links)
                && links.EnumerateArray().FirstOrDefault(l => l.GetProperty("relation").GetString() == "next") is { ValueKind: System.Text.Json.JsonValueKind.Object } next
                ? new Uri(baseUri, next.GetProperty("url").GetString())
                : null;
        }
        if (residents.Count == 0)
        {
            throw new InvalidOperationException($"{baseUri}: no seeded Patients with an identifier");
        }
        using var check = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync(new Uri(baseUri, $"/fhir/Patient?identifier={Uri.EscapeDataString(residents[0].Identifier)}")));
        if (!check.RootElement.TryGetProperty("entry", out var found) || found.GetArrayLength() != 1)
        {
            throw new InvalidOperationException($"{baseUri}: the token search for {residents[0].Identifier} does not find exactly one Patient");
        }
        return residents;
    }

    private static async Task MeasureServerAsync(string provider, string root, Dictionary<string, string> environment, BenchOptions options, ILoad load, double baselineGet, double baselinePost)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-bench-http-" + Guid.NewGuid().ToString("N"));
        environment["Bayu__DataDirectory"] = dataDirectory;
        foreach (var (key, value) in SeedSettings())
        {
            environment[key] = value;
        }
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
            var (read, search, create) = await MeasureAsync(server, load, TimeSpan.FromSeconds(options.Seconds));

            Console.WriteLine($"{provider} ({options.Clients} clients, {options.Seconds} s each):");
            Console.WriteLine($"  read by id    {read.RequestsPerSecond,8:N0} req/s  ({read.RequestsPerSecond / baselineGet:P1} of empty GET, {read.CpuMicrosecondsPerRequest:N0} µs server CPU/request, {read.Failures} failed)");
            Console.WriteLine($"  token search  {search.RequestsPerSecond,8:N0} req/s  ({search.RequestsPerSecond / baselineGet:P1} of empty GET, {search.CpuMicrosecondsPerRequest:N0} µs server CPU/request, {search.Failures} failed)");
            Console.WriteLine($"  create        {create.RequestsPerSecond,8:N0} req/s  ({create.RequestsPerSecond / baselinePost:P1} of empty POST, {create.CpuMicrosecondsPerRequest:N0} µs server CPU/request, {create.Failures} failed)");
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

/// <summary>One HTTP scenario's result: successful requests per second, failures, the server's CPU µs per request.</summary>
internal sealed record HttpFigure(double RequestsPerSecond, long Failures, double CpuMicrosecondsPerRequest);
