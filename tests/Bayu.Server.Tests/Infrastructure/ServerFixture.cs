using Bayu.Storage.Store;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bayu.Server.Tests.Infrastructure;

/// <summary>
/// One real Bayu host per test class, on a fresh database: a temporary data directory for SQLite,
/// a fresh <c>bayu_t_*</c> database for PostgreSQL (dropped afterwards).
/// </summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;
    private string? _databaseName;
    private Dictionary<string, string?> _settings = [];
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "bayu-test-" + Guid.NewGuid().ToString("N"));

    public abstract StoreProvider Provider { get; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>The host, for clients of a test's own (a browser with cookies, a token of its own).</summary>
    public WebApplicationFactory<Program> Factory => _factory!;

    /// <summary>The host's settings (data directory, provider, connection string), for a host of a test's own.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bayu:DataDirectory"] = _dataDirectory,
            ["Bayu:Storage:Provider"] = Provider.ToString(),
            ["Bayu:Demo:Seed"] = "false",
            // The backend client the test requests authenticate as (BackendTokenHandler).
            ["Bayu:Demo:ClientSecret"] = BackendTokenHandler.Secret,
        };
        if (Provider == StoreProvider.Postgres)
        {
            settings["ConnectionStrings:Postgres"] = await CreateDatabaseAsync().ConfigureAwait(false);
        }
        Configure(settings);
        _settings = settings;
        _factory = CreateHost();
        Client = AuthorizedClient(_factory);
        Anonymous = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    /// <summary>A client of <paramref name="host"/> carrying a backend token with <paramref name="scope"/> (default: everything).</summary>
    public static HttpClient AuthorizedClient(WebApplicationFactory<Program> host, string scope = "system/*.cruds")
    {
        ArgumentNullException.ThrowIfNull(host);
        var client = host.CreateDefaultClient(new BackendTokenHandler(() => host.Server.CreateHandler(), scope));
        return client;
    }

    /// <summary>A client with no token, for the refusals.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    /// <summary>Settings a fixture adds or overrides (e.g. demo seeding).</summary>
    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    /// <summary>Services a fixture adds to the host (e.g. test interceptors or handlers).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Another host over the same store, as after a restart; the caller disposes it.</summary>
    public WebApplicationFactory<Program> CreateHost() => new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
    {
        foreach (var (key, value) in _settings)
        {
            web.UseSetting(key, value);
        }
        web.ConfigureServices(ConfigureServices);
    });

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        Anonymous?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync().ConfigureAwait(false);
        }
        if (_databaseName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(AdminConnectionString());
            await connection.OpenAsync().ConfigureAwait(false);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    /// <summary>Appended to CREATE DATABASE, e.g. a locale.</summary>
    protected virtual string DatabaseOptions => "";

    private async Task<string> CreateDatabaseAsync()
    {
        _databaseName = "bayu_t_" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync().ConfigureAwait(false);
        await using var create = new NpgsqlCommand($"CREATE DATABASE {_databaseName}{DatabaseOptions}", connection);
        await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        return new NpgsqlConnectionStringBuilder(AdminConnectionString()) { Database = _databaseName }.ToString();
    }

    /// <summary>The PostgreSQL test server; its absence fails the test instead of skipping it.</summary>
    public static string AdminConnectionString() =>
        Environment.GetEnvironmentVariable("BAYU_TEST_POSTGRES") is { Length: > 0 } connection
            ? connection
            : throw new InvalidOperationException("BAYU_TEST_POSTGRES is not set: run the PostgreSQL tests through scripts/with-postgres.sh or ./test.sh");
}

public sealed class SqliteServerFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresServerFixture : ServerFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
