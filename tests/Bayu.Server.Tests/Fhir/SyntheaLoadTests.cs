using System.Text;
using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using ICSharpCode.SharpZipLib.BZip2;

namespace Bayu.Server.Tests.Fhir;

/// <summary>
/// Synthea's reference-data batches (hospitals, practitioners with If-None-Exist) and patient
/// transactions (urn:uuid and conditional references) load with no failure and the counts per
/// type match the bundles. A sample keeps the suite fast; `bayu import` loads all 60.
/// </summary>
public abstract class SyntheaLoadTests(ServerFixture server)
{
    private static readonly string s_folder = FindSyntheaFolder();

    [Fact]
    public async Task GivenSyntheaBundles_WhenPosted_ThenEveryEntrySucceedsAndCountsMatch()
    {
        var files = Directory.GetFiles(s_folder, "*.json.bz2").Order(StringComparer.Ordinal).ToList();
        var sample = files.Where(f => Path.GetFileName(f).StartsWith('0')).Concat(files.Where(f => !Path.GetFileName(f).StartsWith('0')).Take(2)).ToList();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in sample)
        {
            var json = Read(file);
            var bundle = JsonNode.Parse(json)!.AsObject();
            var patientBundle = (string?)bundle["type"] == "transaction";
            foreach (var entry in bundle["entry"]!.AsArray())
            {
                var type = (string)entry!["resource"]!["resourceType"]!;
                expected[type] = expected.GetValueOrDefault(type) + 1;
            }
            var response = await server.Client.PostAsync("/fhir", json);
            var body = (await response.ExpectAsync(200))!;
            var failures = body.Entries().Where(e => !((string)e["response"]!["status"]!).StartsWith('2')).ToList();
            Assert.True(failures.Count == 0, $"{Path.GetFileName(file)}: {failures.Count} failed, first: {failures.FirstOrDefault()?.ToJsonString()}");
            Assert.Equal(bundle["entry"]!.AsArray().Count, body.Entries().Count);
            Assert.True(patientBundle || body.Entries().All(e => ((string)e["response"]!["status"]!).StartsWith("201", StringComparison.Ordinal)));
        }
        foreach (var (type, count) in expected)
        {
            var total = (await (await server.Client.GetAsync($"/fhir/{type}?_summary=count")).ExpectAsync(200))!;
            Assert.True(count == (int?)total["total"], $"{type}: expected {count}, stored {total["total"]}");
        }
        // Conditional references were rewritten to local ids.
        var encounter = (await (await server.Client.GetAsync("/fhir/Encounter?_count=1")).ExpectAsync(200))!.Entries()[0]["resource"]!;
        Assert.StartsWith("Practitioner/", (string?)encounter["participant"]![0]!["individual"]!["reference"], StringComparison.Ordinal);
    }

    private static string Read(string path)
    {
        using var file = File.OpenRead(path);
        using var bzip = new BZip2InputStream(file);
        using var reader = new StreamReader(bzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string FindSyntheaFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "tests", "Bayu.Fhir.Tests", "TestData", "synthea"), Path.Combine(dir.FullName, "shared", "synthea") })
            {
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return "/work/shared/synthea";
    }
}

public sealed class SyntheaLoadTestsOnSqlite(SqliteServerFixture server) : SyntheaLoadTests(server), IClassFixture<SqliteServerFixture>;

public sealed class SyntheaLoadTestsOnPostgres(PostgresServerFixture server) : SyntheaLoadTests(server), IClassFixture<PostgresServerFixture>;
