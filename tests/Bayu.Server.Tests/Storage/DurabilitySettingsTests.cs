using System.Collections.Concurrent;
using Bayu.Server.Storage;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bayu.Server.Tests.Storage;

/// <summary>What an acknowledged write survives: SQLite's synchronous mode, PostgreSQL's commit settings at start-up.</summary>
public sealed class DurabilitySettingsTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("bayu-durability-").FullName;

    [Theory]
    [InlineData(null, 2L)]
    [InlineData("Full", 2L)]
    [InlineData("normal", 1L)]
    public async Task GivenTheSqliteSynchronousSetting_WhenTheServerStarts_ThenTheStoresConnectionsUseIt(string? setting, long expected)
    {
        await using var host = Host(new() { ["Bayu:Storage:Provider"] = "Sqlite", ["Bayu:Storage:SqliteSynchronous"] = setting });
        using var client = ServerFixture.AuthorizedClient(host);
        await (await client.GetAsync("/fhir/metadata")).ExpectAsync(200);

        var store = (SqlResourceStore)host.Services.GetRequiredService<IResourceStore>();
        await using var connection = await store.Dialect.OpenAsync(default);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous";
        Assert.Equal(expected, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task GivenAnUnknownSqliteSynchronousSetting_WhenTheServerStarts_ThenItRefusesNamingTheSetting()
    {
        using var host = StorageHost(new() { ["Bayu:Storage:Provider"] = "Sqlite", ["Bayu:Storage:SqliteSynchronous"] = "Off" });

        // The options binder refuses a value that is no member of the setting's enum, naming both.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("'Off'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bayu:Storage:SqliteSynchronous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAPostgresDatabaseWithAsynchronousCommit_WhenTheServerStarts_ThenItRefusesToStartAndSaysWhy()
    {
        await using var database = await TestDatabase.CreateAsync("SET synchronous_commit = off");
        using var host = StorageHost(new() { ["Bayu:Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = database.ConnectionString });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("synchronous_commit = off", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bayu:Storage:AllowAsynchronousCommit=true", error.Message, StringComparison.Ordinal);
        // Refused before the schema was touched.
        Assert.False(await database.HasTableAsync("resources"));
    }

    [Fact]
    public async Task GivenAsynchronousCommitAllowedByTheOperator_WhenTheServerStarts_ThenItServesAndWarnsLoudly()
    {
        await using var database = await TestDatabase.CreateAsync("SET synchronous_commit = off");
        var logs = new CapturedLogs();
        await using var host = Host(new()
        {
            ["Bayu:Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Bayu:Storage:AllowAsynchronousCommit"] = "true",
        }, logs);
        using var client = ServerFixture.AuthorizedClient(host);

        await (await client.PostAsync("/fhir/Patient", """{"resourceType":"Patient","name":[{"family":"Lin"}]}""")).ExpectAsync(201);
        Assert.Contains(logs.Warnings, w => w.Contains("synchronous_commit = off", StringComparison.Ordinal) && w.Contains("will be lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenAPostgresServerWithFsyncOff_WhenTheServerStarts_ThenItServesAndWarnsLoudly()
    {
        // The test cluster runs fsync = off (and synchronous_commit = on) for speed, as scripts/with-postgres.sh sets it up.
        await using var database = await TestDatabase.CreateAsync(null);
        Assert.True(await database.SettingAsync("fsync") == "off", "the test cluster is expected to run with fsync = off");
        var logs = new CapturedLogs();
        await using var host = Host(new() { ["Bayu:Storage:Provider"] = "Postgres", ["ConnectionStrings:Postgres"] = database.ConnectionString }, logs);
        using var client = ServerFixture.AuthorizedClient(host);

        await (await client.GetAsync("/fhir/metadata")).ExpectAsync(200);
        Assert.Contains(logs.Warnings, w => w.Contains("fsync = off", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Warnings, w => w.Contains("synchronous_commit", StringComparison.Ordinal));
    }

    private WebApplicationFactory<Program> Host(Dictionary<string, string?> settings, CapturedLogs? logs = null)
    {
        settings["Bayu:DataDirectory"] = _dataDirectory;
        settings["Bayu:Demo:Seed"] = "false";
        settings["Bayu:Demo:ClientSecret"] = BackendTokenHandler.Secret;
        return new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            if (logs is not null)
            {
                web.ConfigureLogging(logging => logging.AddProvider(logs));
            }
        });
    }

    /// <summary>
    /// Only the storage module, started as the server starts it: a start-up refusal surfaces as the
    /// exception itself (WebApplicationFactory can report it as a disposed service provider instead).
    /// </summary>
    private IHost StorageHost(Dictionary<string, string?> settings)
    {
        settings["Bayu:DataDirectory"] = _dataDirectory;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddFhirStorage();
        return builder.Build();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A fresh PostgreSQL database, optionally with a database-level setting, dropped afterwards.</summary>
    private sealed class TestDatabase(string name, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        public static async Task<TestDatabase> CreateAsync(string? alter)
        {
            var name = "bayu_t_" + Guid.NewGuid().ToString("N")[..16];
            await using var admin = new NpgsqlConnection(ServerFixture.AdminConnectionString());
            await admin.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", admin).ExecuteNonQueryAsync();
            if (alter is not null)
            {
                await new NpgsqlCommand($"ALTER DATABASE {name} {alter}", admin).ExecuteNonQueryAsync();
            }
            return new TestDatabase(name, new NpgsqlConnectionStringBuilder(ServerFixture.AdminConnectionString()) { Database = name }.ToString());
        }

        public async Task<string?> SettingAsync(string setting)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return (string?)await new NpgsqlCommand($"SELECT current_setting('{setting}')", connection).ExecuteScalarAsync();
        }

        public async Task<bool> HasTableAsync(string table)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            return (bool)(await new NpgsqlCommand($"SELECT to_regclass('{table}') IS NOT NULL", connection).ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(ServerFixture.AdminConnectionString());
            await admin.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin).ExecuteNonQueryAsync();
        }
    }

    private sealed class CapturedLogs : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _warnings = new();

        public IReadOnlyCollection<string> Warnings => _warnings;

        public ILogger CreateLogger(string categoryName) => new Logger(_warnings);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string> warnings) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Warning)
                {
                    warnings.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
