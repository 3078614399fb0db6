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
    public async Task GivenFortyLevelsOfContained_WhenValidatedAndCreated_ThenDom2IsReportedOnceAndQuickly()
    {
        var json = NestedContained(40);
        // Warm the host and the definitions so the figure is the nesting's own cost.
        await _client.PostAsync("/fhir/Patient/$validate", NestedContained(1));

        var watch = Stopwatch.StartNew();
        var outcome = (await (await _client.PostAsync("/fhir/Patient/$validate", json)).ExpectAsync(200))!;
        output.WriteLine($"$validate of {json.Length / 1024.0:F1} KB, 40 levels: {watch.ElapsedMilliseconds} ms");

        var dom2 = Assert.Single(WriteValidationTests.Errors(outcome), e => e.Text.Contains("dom-2", StringComparison.Ordinal));
        Assert.Equal("Patient", dom2.Expression);
        // The create is refused too (the strict parser already names the nesting).
        await (await _client.PostAsync("/fhir/Patient", json)).ExpectAsync(400);
    }

    [Fact]
    public async Task GivenTwoHundredLevelsOfContained_WhenValidated_ThenTheDoorRefusesTheDepthBeforeAnyModelIsBuilt()
    {
        var json = NestedContained(200);

        var outcome = (await (await _client.PostAsync("/fhir/Patient/$validate", json)).ExpectAsync(400))!;

        var issue = Assert.Single(outcome["issue"]!.AsArray())!;
        Assert.Equal("too-costly", (string?)issue["code"]);
        Assert.Contains("Bayu:Limits:MaxDepth", (string?)issue["diagnostics"], StringComparison.Ordinal);
    }

    private static string NestedContained(int levels)
    {
        var inner = "";
        for (var level = levels; level >= 1; level--)
        {
            inner = $$"""{"resourceType":"Organization","id":"o{{level}}","name":"n"{{(inner.Length == 0 ? "" : $",\"contained\":[{inner}]")}}}""";
        }
        return $$"""{"resourceType":"Patient","managingOrganization":{"reference":"#o1"},"contained":[{{inner}}]}""";
    }
}

public sealed class NestingValidationTestsOnSqlite(SqliteServerFixture server, ITestOutputHelper output) : NestingValidationTests(server, output), IClassFixture<SqliteServerFixture>;

public sealed class NestingValidationTestsOnPostgres(PostgresServerFixture server, ITestOutputHelper output) : NestingValidationTests(server, output), IClassFixture<PostgresServerFixture>;
