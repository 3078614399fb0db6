using System.Text.Json.Nodes;
using Bayu.Server.Fhir;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// The last-resort error mapping under <c>/fhir</c>, on a minimal host whose endpoints throw what the
/// store can throw: a collision with a concurrent request is a retryable 409, anything unexpected a
/// 500 outcome that says nothing about the request.
/// </summary>
public sealed class FhirErrorsTests : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly CapturedLogs _logs = new();

    public FhirErrorsTests()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders().AddProvider(_logs);
        _app = builder.Build();
        _app.UseFhirErrors();
        _app.MapGet("/fhir/deadlock", () => Throw(new PostgresException("deadlock detected", "ERROR", "ERROR", PostgresErrorCodes.DeadlockDetected)));
        _app.MapGet("/fhir/busy", () => Throw(new InvalidOperationException("write failed", new SqliteException("database is locked", 5))));
        _app.MapGet("/fhir/bug", () => Throw(new InvalidOperationException("Patient 王芳 110105194912310021 broke something")));
        _app.StartAsync().GetAwaiter().GetResult();
        _client = _app.GetTestClient();
    }

    [Theory]
    [InlineData("/fhir/deadlock")]
    [InlineData("/fhir/busy")]
    public async Task GivenACollisionWithAConcurrentRequest_WhenItSurfaces_Then409LockErrorWithRetryAfter(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        var issue = (await Outcome(response))["issue"]![0]!;
        Assert.Equal("lock-error", (string?)issue["code"]);
        Assert.Contains("nothing was written", (string?)issue["diagnostics"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAnUnexpectedFailure_WhenItSurfaces_Then500OutcomeWithoutTheExceptionsText()
    {
        var response = await _client.GetAsync("/fhir/bug");

        Assert.Equal(500, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("王芳", body, StringComparison.Ordinal);
        Assert.DoesNotContain("110105194912310021", body, StringComparison.Ordinal);
        Assert.Equal("exception", (string?)JsonNode.Parse(body)!["issue"]![0]!["code"]);

        // The log says what failed and where, but not the message, which carried personal data.
        var logged = Assert.Single(_logs.Lines, l => l.Contains("Unhandled", StringComparison.Ordinal));
        Assert.Contains("System.InvalidOperationException", logged, StringComparison.Ordinal);
        Assert.Contains(nameof(Throw), logged, StringComparison.Ordinal);
        Assert.DoesNotContain("王芳", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("110105194912310021", logged, StringComparison.Ordinal);
    }

    private static IResult Throw(Exception exception) => throw exception;

    private static async Task<JsonNode> Outcome(HttpResponseMessage response)
    {
        var outcome = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        return outcome;
    }

    private sealed class CapturedLogs : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception) + (exception is null ? "" : " " + exception));

        public void Dispose()
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }
}
