using System.CommandLine;
using Bayu.Cli.Import;
using Bayu.Cli.Infrastructure;
using Bayu.Storage.Store;
using Npgsql;

namespace Bayu.Cli.Tests.Import;

/// <summary>Synthea through <c>bayu import</c> straight into a store; counts per type must match the bundles.</summary>
public abstract class ImportCommandTests
{
    protected abstract Task<(string[] TargetArgs, Func<IResourceStore> Open, Func<Task> Cleanup)> TargetAsync();

    /// <summary>
    /// Every Synthea bundle (60 patients plus the hospital and practitioner reference data): conditional
    /// references and urn:uuid both exercised, and the per-type counts read independently from the files.
    /// </summary>
    [Fact]
    public async Task GivenAllSyntheaBundles_WhenImportedIntoAStore_ThenNothingFailsAndCountsMatchTheBundles()
    {
        var expected = CountEntriesByType(TestPaths.SyntheaFolder);
        var (targetArgs, open, cleanup) = await TargetAsync();
        try
        {
            var (exit, output, error) = Run(["import", TestPaths.SyntheaFolder, .. targetArgs, "--no-progress"]);

            Assert.True(exit == CliRunner.Ok, output + error);
            Assert.Contains("No failures.", output);
            await using var store = open();
            var counts = await store.CountByTypeAsync();
            Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), counts.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(41_542, counts.Values.Sum());
        }
        finally
        {
            await cleanup();
        }
    }

    private static Dictionary<string, long> CountEntriesByType(string folder)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder, "*.json.bz2"))
        {
            using var stream = new ICSharpCode.SharpZipLib.BZip2.BZip2InputStream(File.OpenRead(file));
            using var document = System.Text.Json.JsonDocument.Parse(stream);
            foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
            {
                var type = entry.GetProperty("resource").GetProperty("resourceType").GetString()!;
                counts[type] = counts.GetValueOrDefault(type) + 1;
            }
        }
        return counts;
    }

    internal static (int Exit, string Output, string Error) Run(string[] args)
    {
        var root = new RootCommand();
        root.Subcommands.Add(ImportCommands.Build());
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliRunner.Run(root, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}

public sealed class ImportCommandTestsOnSqlite : ImportCommandTests
{
    protected override Task<(string[], Func<IResourceStore>, Func<Task>)> TargetAsync()
    {
        var directory = TestPaths.TempDirectory();
        return Task.FromResult<(string[], Func<IResourceStore>, Func<Task>)>((
            ["--data-dir", directory],
            () => ResourceStores.Sqlite(directory),
            () =>
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
                return Task.CompletedTask;
            }));
    }
}

public sealed class ImportCommandTestsOnPostgres : ImportCommandTests
{
    protected override async Task<(string[], Func<IResourceStore>, Func<Task>)> TargetAsync()
    {
        var server = Environment.GetEnvironmentVariable("BAYU_TEST_POSTGRES")
            ?? throw new InvalidOperationException("BAYU_TEST_POSTGRES is not set: run through scripts/with-postgres.sh or ./test.sh");
        var database = "bayu_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", admin).ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        return (["--postgres", connection], () => ResourceStores.Postgres(connection), async () =>
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        });
    }
}

public class ImportCommandInputTests
{
    [Fact]
    public void GivenNoTarget_WhenImporting_ThenItExitsWithBadInputAndSaysWhichOptions()
    {
        var (exit, _, error) = ImportCommandTests.Run(["import", TestPaths.SyntheaFolder]);

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("give exactly one target", error);
    }

    [Fact]
    public void GivenAServerThatIsNotRunning_WhenImporting_ThenItExitsWithBadInputBeforeReading()
    {
        var (exit, _, error) = ImportCommandTests.Run(["import", TestPaths.SyntheaFolder, "--server", "http://127.0.0.1:1/fhir"]);

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("cannot reach the server", error);
    }

    [Fact]
    public void GivenAMissingFile_WhenImporting_ThenItExitsWithBadInput()
    {
        var (exit, _, error) = ImportCommandTests.Run(["import", "/nonexistent/bundle.json", "--data-dir", "/tmp/x"]);

        Assert.Equal(CliRunner.BadInput, exit);
        Assert.Contains("no such file", error);
    }
}
