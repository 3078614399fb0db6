using System.CommandLine;
using Bayu.Cli.Import;
using Bayu.Cli.Infrastructure;
using Bayu.Storage.Store;
using Npgsql;

namespace Bayu.Cli.Tests.Import;

/// <summary>Synthea through <c>bayu import</c> straight into a store; counts per type must match the bundles.</summary>
public abstract class ImportCommandTests
{
    // The hospital and practitioner bundles plus one patient: conditional references and urn:uuid both exercised.
    private static readonly string[] Files =
    [
        "0-hospitalInformation1625911868739.json.bz2",
        "0-practitionerInformation1625911868739.json.bz2",
        "057aa36e-b892-9964-75b9-ffb46b097e34.json.bz2",
    ];

    protected abstract Task<(string[] TargetArgs, Func<IResourceStore> Open, Func<Task> Cleanup)> TargetAsync();

    [Fact]
    public async Task GivenSyntheaBundles_WhenImportedIntoAStore_ThenNothingFailsAndCountsMatchTheBundles()
    {
        var folder = TestPaths.TempDirectory();
        foreach (var file in Files)
        {
            File.Copy(Path.Combine(TestPaths.SyntheaFolder, file), Path.Combine(folder, file));
        }
        var (targetArgs, open, cleanup) = await TargetAsync();
        try
        {
            var (exit, output, error) = Run(["import", folder, .. targetArgs, "--no-progress", "--parallel", "1"]);

            Assert.True(exit == CliRunner.Ok, output + error);
            Assert.Contains("No failures.", output);
            await using var store = open();
            var counts = await store.CountByTypeAsync();
            Assert.Equal(194, counts["Organization"]);
            Assert.Equal(194, counts["Location"]);
            Assert.Equal(195, counts["Practitioner"]);
            Assert.Equal(1277, counts["Observation"]);
            Assert.Equal(1, counts["Patient"]);
            Assert.Equal(388 + 390 + 1971, counts.Values.Sum());
        }
        finally
        {
            await cleanup();
            Directory.Delete(folder, recursive: true);
        }
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
