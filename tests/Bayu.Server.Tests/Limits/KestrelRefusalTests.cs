using System.Net.Sockets;
using System.Text;
using Bayu.Server.Tests.Fuzz;

namespace Bayu.Server.Tests.Limits;

/// <summary>
/// Requests Kestrel refuses before any middleware runs still get an OperationOutcome, on a real
/// Kestrel (the in-memory test server parses no HTTP): issue 25 item 8 and the request line over
/// Kestrel's buffer. The rest of the connection's traffic is untouched.
/// </summary>
public abstract class KestrelRefusalTests(KestrelServerFixture server)
{
    [Theory]
    [InlineData("DELETE /fhir/Coverage/%00/_history/-1 HTTP/1.1", "400 Bad Request", "%00 in the path")]
    [InlineData("GET /fhir/Patient/%00 HTTP/1.1", "400 Bad Request", "%00 in the path")]
    [InlineData("GET /fhir/Pa tient HTTP/1.1", "400 Bad Request", "not valid HTTP/1.1")]
    [InlineData("GET /fhir/Patient HTTP/9.9", "505 HTTP Version Not Supported", "use HTTP/1.1")]
    public async Task GivenARequestLineKestrelRefuses_WhenSent_ThenTheAnswerIsAnOperationOutcome(string line, string status, string named)
    {
        var answer = await SendAsync($"{line}\r\nHost: x\r\n\r\n");

        AssertOutcome(answer, status, named);
    }

    [Fact]
    public async Task GivenARequestLineOverKestrelsBuffer_WhenSent_Then414OutcomeSuggestingPost()
    {
        var answer = await SendAsync($"GET /fhir/Patient?name={new string('a', 1_100_000)} HTTP/1.1\r\nHost: x\r\n\r\n");

        AssertOutcome(answer, "414 URI Too Long", "POST [type]/_search");
    }

    [Fact]
    public async Task GivenHeadersLargerThanKestrelAllows_WhenSent_Then431Outcome()
    {
        // Kestrel's default bound on all headers together is 32 KB.
        var answer = await SendAsync($"GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nX-Big: {new string('a', 40 * 1024)}\r\n\r\n");

        AssertOutcome(answer, "431 Request Header Fields Too Large", "headers are larger");
    }

    [Fact]
    public async Task GivenAGoodRequestThenABadOneOnOneConnection_WhenSent_ThenTheFirstAnswerIsUntouched()
    {
        var answer = await SendAsync("GET /fhir/Patient/nobody HTTP/1.1\r\nHost: x\r\n\r\nGET /fhir/Patient/%00 HTTP/1.1\r\nHost: x\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 404 Not Found\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Patient/nobody does not exist", answer, StringComparison.Ordinal);
        var second = answer.IndexOf("HTTP/1.1 400", StringComparison.Ordinal);
        Assert.True(second > 0, answer);
        AssertOutcome(answer[second..], "400 Bad Request", "%00 in the path");
    }

    private static void AssertOutcome(string answer, string status, string named)
    {
        Assert.StartsWith($"HTTP/1.1 {status}\r\n", answer, StringComparison.Ordinal);
        var split = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = answer[..split];
        var body = answer[(split + 4)..];
        Assert.Contains("Content-Type: application/fhir+json", head, StringComparison.Ordinal);
        Assert.Contains($"Content-Length: {Encoding.UTF8.GetByteCount(body)}", head, StringComparison.Ordinal);
        var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Bayu.Fhir.Formats.FhirFormats.Parse(body, Bayu.Fhir.Formats.FhirFormat.Json).Resource);
        Assert.Contains(named, Assert.Single(outcome.Issue).Diagnostics, StringComparison.Ordinal);
    }

    private async Task<string> SendAsync(string request)
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        int n;
        // Every refusal closes the connection, which ends the read.
        while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            read.Write(buffer, 0, n);
        }
        return Encoding.UTF8.GetString(read.ToArray());
    }
}

public sealed class KestrelRefusalTestsOnSqlite(SqliteKestrelFixture server) : KestrelRefusalTests(server), IClassFixture<SqliteKestrelFixture>;

public sealed class KestrelRefusalTestsOnPostgres(PostgresKestrelFixture server) : KestrelRefusalTests(server), IClassFixture<PostgresKestrelFixture>;
