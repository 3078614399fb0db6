using System.Diagnostics;
using Bayu.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Bayu.Server.Tests.Validation;

/// <summary>The issue-25 reproductions of nesting the validator let through or spent seconds on, at the HTTP door.</summary>
public abstract class NestingValidationTests(ServerFixture server, ITestOutputHelper output)
{
    private readonly HttpClient _client = server.Client;

    [Fact]
    public async Task GivenAnEmptyExtensionThreeLevelsDeep_WhenCreated_ThenItIsRefusedWith422NamingExt1()
    {
        const string json = """{"resourceType":"Patient","extension":[{"url":"http://x.org/y","extension":[{"url":"http://x.org/y","extension":[{"url":"http://x.org/y"}]}]}]}""";

        var outcome = (await (await _client.PostAsync("/fhir/Patient", json)).ExpectAsync(422))!;

        var error = Assert.Single(WriteValidationTests.Errors(outcome));
        Assert.Equal("Patient.extension[0].extension[0].extension[0]", error.Expression);
        Assert.Contains("ext-1", error.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTwoHundredLevelsOfContained_WhenValidatedAndCreated_ThenDom2IsReportedOnceAndQuickly()
    {
        var inner = "";
        for (var level = 200; level >= 1; level--)
        {
            inner = $$"""{"resourceType":"Organization","id":"o{{level}}","name":"n"{{(inner.Length == 0 ? "" : $",\"contained\":[{inner}]")}}}""";
        }
        var json = $$"""{"resourceType":"Patient","managingOrganization":{"reference":"#o1"},"contained":[{{inner}}]}""";
        // Warm the host and the definitions so the figure is the nesting's own cost.
        await _client.PostAsync("/fhir/Patient/$validate", """{"resourceType":"Patient","contained":[{"resourceType":"Organization","id":"o","name":"n"}],"managingOrganization":{"reference":"#o"}}""");

        var watch = Stopwatch.StartNew();
        var outcome = (await (await _client.PostAsync("/fhir/Patient/$validate", json)).ExpectAsync(200))!;
        output.WriteLine($"$validate of {json.Length / 1024.0:F1} KB, 200 levels: {watch.ElapsedMilliseconds} ms");

        var dom2 = Assert.Single(WriteValidationTests.Errors(outcome), e => e.Text.Contains("dom-2", StringComparison.Ordinal));
        Assert.Equal("Patient", dom2.Expression);
        // The create is refused too (the strict parser already names the nesting).
        watch.Restart();
        await (await _client.PostAsync("/fhir/Patient", json)).ExpectAsync(400);
        output.WriteLine($"create refused in {watch.ElapsedMilliseconds} ms");
    }
}

public sealed class NestingValidationTestsOnSqlite(SqliteServerFixture server, ITestOutputHelper output) : NestingValidationTests(server, output), IClassFixture<SqliteServerFixture>;

public sealed class NestingValidationTestsOnPostgres(PostgresServerFixture server, ITestOutputHelper output) : NestingValidationTests(server, output), IClassFixture<PostgresServerFixture>;
