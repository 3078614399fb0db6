using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>
/// A real Bayu host behind Kestrel on a loopback port (not the in-memory TestServer: some failures
/// live in Kestrel's request parsing), on a fresh store seeded with a small deterministic demo region.
/// </summary>
public abstract class KestrelServerFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private string? _databaseName;
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-fuzz-" + Guid.NewGuid().ToString("N"));

    public abstract StoreProvider Provider { get; }

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The server's unhandled exceptions, counted by type, route and frame.</summary>
    public ServerErrorLog Errors { get; } = new();

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bayu:DataDirectory"] = _dataDirectory,
            ["Bayu:Storage:Provider"] = Provider.ToString(),
            ["Bayu:Demo:Seed"] = "true",
            // The fuzzers aim at the parsers and the engine behind the door, so they need it open; the
            // door's own refusals (every route without or with a wrong token) are in Security/.
            ["Bayu:Security:Enforce"] = "false",
            // Small enough to seed in a few seconds, large enough that searches cross pages.
            ["Bayu:Demo:Residents"] = FuzzSettings.Residents.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // A fuzz run logs thousands of refusals; keep the test output readable.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        if (Provider == StoreProvider.Postgres)
        {
            settings["ConnectionStrings:Postgres"] = await CreateDatabaseAsync().ConfigureAwait(false);
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(logging => logging.AddProvider(Errors));
        });
        _factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync().ConfigureAwait(false);
        }
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(ServerFixture.AdminConnectionString());
            await connection.OpenAsync().ConfigureAwait(false);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private async Task<string> CreateDatabaseAsync()
    {
        _databaseName = "bayu_t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ServerFixture.AdminConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}", connection);
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(ServerFixture.AdminConnectionString()) { Database = _databaseName }.ToString();
    }
}

public sealed class SqliteKestrelFixture : KestrelServerFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresKestrelFixture : KestrelServerFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
