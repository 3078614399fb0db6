using System.Diagnostics;
using System.Text.Json;
using Bayu.Cli.Import;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bayu.Bench.Server;

/// <summary>Import throughput of the Synthea bundles through the write path, against raw inserts of the same JSON.</summary>
internal static class ImportBench
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var named = SyntheaBundles.LoadNamed(options.SyntheaFolder, options.Bundles);
        var bundles = named.Select(b => b.Bytes).ToList();
        var resources = SyntheaBundles.CountEntries(bundles);
        Console.WriteLine($"Synthea: {bundles.Count} bundles, {resources:N0} resources");
        // --cli: the write path of that CLI build, run as `bayu import` of the bundles as plain JSON files.
        var folder = options.CliDll is null ? null : SyntheaBundles.WriteFolder(named);
        if (options.CliDll is { } cli)
        {
            Console.WriteLine($"Write path: bayu import of {cli}");
        }
        try
        {
            await MeasureAsync(options, bundles, resources, folder?.FullName);
        }
        finally
        {
            folder?.Delete(recursive: true);
        }
        return 0;
    }

    private static async Task MeasureAsync(BenchOptions options, IReadOnlyList<byte[]> bundles, int resources, string? folder)
    {
        if (options.Runs("sqlite"))
        {
            var sqliteDir = Path.Combine(Path.GetTempPath(), "bayu-bench-" + Guid.NewGuid().ToString("N"));
            try
            {
                var raw = await RawSqliteAsync(bundles, Path.Combine(sqliteDir, "raw.db"));
                var bayu = folder is null
                    ? await WritePathAsync(bundles, StoreImportTarget.Sqlite(sqliteDir), options)
                    : FromCli(await CliImport.RunAsync(options.CliDll!, folder, null, options.Parallel));
                Report("SQLite", resources, bayu, raw);
            }
            finally
            {
                Directory.Delete(sqliteDir, recursive: true);
            }
        }

        if (!options.Runs("postgres"))
        {
            return;
        }
        if (options.Postgres is { } connectionString)
        {
            var (benchConnection, database) = await BenchServers.CreateDatabaseAsync(connectionString);
            try
            {
                var raw = await RawPostgresAsync(bundles, benchConnection);
                var bayu = folder is null
                    ? await WritePathAsync(bundles, StoreImportTarget.Postgres(benchConnection), options)
                    : FromCli(await CliImport.RunAsync(options.CliDll!, folder, benchConnection, options.Parallel));
                Report("PostgreSQL", resources, bayu, raw);
            }
            finally
            {
                await BenchServers.DropDatabaseAsync(connectionString, database);
            }
        }
        else
        {
            Console.WriteLine("PostgreSQL: skipped (pass --postgres or set BAYU_TEST_POSTGRES)");
        }
    }

    /// <summary>A child's figures in the in-process shape: its own clock, its whole CPU time (start-up and JIT included, JIT not known apart).</summary>
    private static (TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? Jit, int Failed) FromCli((double ResourcesPerSecond, int Imported, int Failed, TimeSpan Cpu) run) =>
        (TimeSpan.FromSeconds(run.Imported / run.ResourcesPerSecond), run.Cpu, null, run.Failed);

    private static void Report(string provider, int resources, (TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? Jit, int Failed) bayu, TimeSpan raw)
    {
        var bayuRate = resources / bayu.Elapsed.TotalSeconds;
        var rawRate = resources / raw.TotalSeconds;
        // The machine may be shared: this process's CPU time per resource is steadier than the wall clock.
        var cpuPerResource = bayu.Cpu.TotalMicroseconds / resources;
        var cpu = bayu.Jit is { } jit
            ? $"{cpuPerResource:N0} µs CPU/resource in this process of which JIT {jit.TotalSeconds:N1} s"
            : $"{cpuPerResource:N0} µs CPU/resource in the bayu process, start-up included";
        Console.WriteLine($"{provider}: import {bayuRate:N0} resources/s ({bayu.Elapsed.TotalSeconds:N1} s, {cpu}, {bayu.Failed} failed entries); raw-insert baseline {rawRate:N0} resources/s; ratio {bayuRate / rawRate:P1}");
    }

    /// <summary>
    /// What <c>bayu import --data-dir/--postgres</c> does with its defaults: the same runner (units
    /// in flight at a time, reference-data bundles as barriers) and store target (strict parse of each
    /// bundle, then the repository's bundle processing). Files come from memory instead of bzip2, and
    /// the closing statistics refresh is not timed, as neither is part of the raw baseline either.
    /// </summary>
    internal static async Task<(TimeSpan Elapsed, TimeSpan Cpu, TimeSpan? Jit, int Failed)> WritePathAsync(IReadOnlyList<byte[]> bundles, StoreImportTarget target, BenchOptions options)
    {
        await using (target)
        {
            await target.CheckAsync(CancellationToken.None);
            var report = new ImportReport();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var jit = System.Runtime.JitInfo.GetCompilationTime();
            var clock = Stopwatch.StartNew();
            var units = bundles.Select((bytes, i) => ImportReader.FromBytes($"bundle {i}", bytes, bytes.Length));
            await ImportRunner.RunAsync(units, target, options.Parallel ?? ImportTargetOptions.DefaultParallel, report, null, CancellationToken.None);
            var elapsed = clock.Elapsed;
            (TimeSpan Cpu, TimeSpan? Jit) spent = (Process.GetCurrentProcess().TotalProcessorTime - cpu, System.Runtime.JitInfo.GetCompilationTime() - jit);
            foreach (var failure in report.Failures().Take(5))
            {
                Console.WriteLine($"  failed: {failure.Source} {failure.Entry}: {failure.Status} {failure.Reason}");
            }
            return (elapsed, spent.Item1, spent.Item2, report.FailureCount);
        }
    }

    /// <summary>The floor: every entry's resource JSON inserted as text into a bare table, one transaction per bundle.</summary>
    private static async Task<TimeSpan> RawSqliteAsync(IReadOnlyList<byte[]> bundles, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await new SqliteCommand("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE raw (id INTEGER PRIMARY KEY, type TEXT NOT NULL, json TEXT NOT NULL)", connection).ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        foreach (var bytes in bundles)
        {
            using var document = JsonDocument.Parse(bytes);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            await using var insert = new SqliteCommand("INSERT INTO raw (type, json) VALUES ($t, $j)", connection, transaction);
            var type = insert.Parameters.Add("$t", SqliteType.Text);
            var json = insert.Parameters.Add("$j", SqliteType.Text);
            foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
            {
                var resource = entry.GetProperty("resource");
                type.Value = resource.GetProperty("resourceType").GetString();
                json.Value = resource.GetRawText();
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        return clock.Elapsed;
    }

    private static async Task<TimeSpan> RawPostgresAsync(IReadOnlyList<byte[]> bundles, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new NpgsqlCommand("CREATE TABLE raw (id bigserial PRIMARY KEY, type text NOT NULL, json jsonb NOT NULL)", connection).ExecuteNonQueryAsync();
        var clock = Stopwatch.StartNew();
        foreach (var bytes in bundles)
        {
            using var document = JsonDocument.Parse(bytes);
            await using var transaction = await connection.BeginTransactionAsync();
            // Binary COPY: the fastest bulk path PostgreSQL offers, so the ratio is against a hard floor.
            await using (var copy = await connection.BeginBinaryImportAsync("COPY raw (type, json) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
                {
                    var resource = entry.GetProperty("resource");
                    await copy.StartRowAsync();
                    await copy.WriteAsync(resource.GetProperty("resourceType").GetString(), NpgsqlTypes.NpgsqlDbType.Text);
                    await copy.WriteAsync(resource.GetRawText(), NpgsqlTypes.NpgsqlDbType.Jsonb);
                }
                await copy.CompleteAsync();
            }
            await transaction.CommitAsync();
        }
        return clock.Elapsed;
    }
}
