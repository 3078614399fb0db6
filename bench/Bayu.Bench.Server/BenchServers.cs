namespace Bayu.Bench.Server;

/// <summary>Starts the Release server in its own process on a fresh SQLite directory or PostgreSQL database.</summary>
internal static class BenchServers
{
    /// <summary>The providers this run measures, each with the settings that select it (a PostgreSQL database is created per call of <paramref name="measure"/>).</summary>
    public static async Task ForEachProviderAsync(BenchOptions options, Func<string, Func<Dictionary<string, string>, Task<ChildProcess>>, Task> measure)
    {
        if (options.Runs("sqlite"))
        {
            await measure("SQLite", settings => StartAsync(settings, "Sqlite", null, options.ServerDll));
        }
        if (!options.Runs("postgres"))
        {
            return;
        }
        if (options.Postgres is not { } connectionString)
        {
            Console.WriteLine("PostgreSQL: skipped (pass --postgres or set BAYU_TEST_POSTGRES)");
            return;
        }
        var databases = new List<string>();
        try
        {
            await measure("PostgreSQL", async settings =>
            {
                var (benchConnection, database) = await CreateDatabaseAsync(connectionString);
                databases.Add(database);
                return await StartAsync(settings, "Postgres", benchConnection, options.ServerDll);
            });
        }
        finally
        {
            foreach (var database in databases)
            {
                await DropDatabaseAsync(connectionString, database);
            }
        }
    }

    public static Task<ChildProcess> StartSqliteAsync(Dictionary<string, string> settings, string? serverDll) => StartAsync(settings, "Sqlite", null, serverDll);

    private static async Task AdminAsync(string connectionString, string sql)
    {
        await using var admin = new Npgsql.NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await new Npgsql.NpgsqlCommand(sql, admin).ExecuteNonQueryAsync();
    }

    /// <param name="settings">Server settings (environment variables); they win over the defaults here (no demo seed, warnings only).</param>
    /// <param name="serverDll">Another build of the server (e.g. of an earlier commit, as a baseline); by default this repository's Release build.</param>
    public static Task<ChildProcess> StartAsync(Dictionary<string, string> settings, string provider, string? postgres, string? serverDll)
    {
        var environment = new Dictionary<string, string>
        {
            ["Bayu__Storage__Provider"] = provider,
            ["Bayu__DataDirectory"] = Path.Combine(Path.GetTempPath(), "bayu-bench-" + Guid.NewGuid().ToString("N")),
            ["Bayu__Demo__Seed"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }
        if (postgres is not null)
        {
            environment["ConnectionStrings__Postgres"] = postgres;
        }
        serverDll ??= BenchOptions.DefaultServerDll;
        if (!File.Exists(serverDll))
        {
            throw new InvalidOperationException($"build the server first: dotnet build -c Release src/Bayu.Server ({serverDll} missing)");
        }
        return ChildProcess.StartAsync("dotnet", [serverDll], environment, "/fhir/metadata", TimeSpan.FromMinutes(5), environment["Bayu__DataDirectory"]);
    }

    /// <summary>A new empty database on the cluster of <paramref name="connectionString"/>; returns its connection string and name.</summary>
    public static async Task<(string ConnectionString, string Database)> CreateDatabaseAsync(string connectionString)
    {
        var database = "bayu_bench_" + Guid.NewGuid().ToString("N")[..12];
        await AdminAsync(connectionString, $"CREATE DATABASE {database}");
        return (new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Database = database }.ConnectionString, database);
    }

    public static async Task DropDatabaseAsync(string connectionString, string database)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await AdminAsync(connectionString, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
}
