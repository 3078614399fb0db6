using System.Diagnostics;
using System.Text.Json.Nodes;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Search;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using ICSharpCode.SharpZipLib.BZip2;

// Bench (b): search-value extraction throughput. Every R4 search-parameter expression that applies
// to each Synthea resource, evaluated through Bayu's fast path, the SDK's FHIRPath engine and
// fhirpath.js, on the same resources in the same run, one thread each.
//   dotnet run -c Release --project bench/Bayu.Bench.FhirPath [-- SYNTHEA_DIR [RESOURCES [SECONDS]]]
var root = FindRoot();
var directory = args.Length > 0 ? args[0] : Path.Combine(root, "tests", "Bayu.Fhir.Tests", "TestData", "synthea");
var limit = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 4000;
var seconds = args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 5;

var resources = new List<Resource>();
var json = new JsonArray();
foreach (var file in Directory.EnumerateFiles(directory, "*.json.bz2").Order(StringComparer.Ordinal))
{
    using var stream = new BZip2InputStream(File.OpenRead(file));
    var bundleNode = JsonNode.Parse(stream)!;
    foreach (var entry in bundleNode["entry"]!.AsArray())
    {
        if (resources.Count >= limit)
        {
            break;
        }
        var text = entry!["resource"]!.ToJsonString();
        resources.Add(FhirJsonDeserializer.RECOVERABLE.DeserializeResource(text));
        json.Add(JsonNode.Parse(text));
    }
    if (resources.Count >= limit)
    {
        break;
    }
}

var parameters = DefinitionRegistry.Default.SearchParameters;
var expressions = resources.Select(r => r.TypeName).Distinct()
    .ToDictionary(t => t, t => parameters.For(t).Values.Select(p => p.Expression).OfType<string>().Distinct().ToArray());
var pairs = resources.Sum(r => expressions[r.TypeName].Length);
var extractor = SearchValueExtractor.Default;
var fastShare = expressions.Values.SelectMany(e => e).Distinct().Count(extractor.IsFastPath) * 100.0 / expressions.Values.SelectMany(e => e).Distinct().Count();
Console.WriteLine($"{resources.Count} Synthea resources, {pairs} (resource, expression) pairs per pass, {fastShare:F1}% of the expressions on the fast path");

var fast = Measure("Bayu fast path", r => expressions[r.TypeName].Sum(e => extractor.Extract(r, e).Count));
var sdk = Measure("SDK FHIRPath engine", r => expressions[r.TypeName].Sum(e => extractor.ExtractWithFhirPathEngine(r, e).Count));
var js = RunFhirPathJs();
Console.WriteLine(js is null ? "fhirpath.js: not run (npm install in bench/Bayu.Bench.FhirPath/js)" : $"fhirpath.js:           {js.Value,12:N0} evaluations/s");
Console.WriteLine($"fast path / SDK engine: {fast / sdk:F1}x" + (js is null ? "" : $"; fast path / fhirpath.js: {fast / js.Value:F1}x; SDK engine / fhirpath.js: {sdk / js.Value:F2}x"));

double Measure(string name, Func<Resource, int> pass)
{
    foreach (var r in resources)
    {
        pass(r); // warm-up: compile and JIT
    }
    long evaluations = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        foreach (var r in resources)
        {
            pass(r);
            evaluations += expressions[r.TypeName].Length;
        }
    }
    var perSecond = evaluations / clock.Elapsed.TotalSeconds;
    Console.WriteLine($"{name + ":",-22} {perSecond,12:N0} evaluations/s");
    return perSecond;
}

double? RunFhirPathJs()
{
    var js = Path.Combine(root, "bench", "Bayu.Bench.FhirPath", "js");
    if (!Directory.Exists(Path.Combine(js, "node_modules", "fhirpath")))
    {
        return null;
    }
    var input = Path.Combine(Path.GetTempPath(), $"bayu-bench-fhirpath-{Environment.ProcessId}.json");
    var payload = new JsonObject
    {
        ["resources"] = json,
        ["expressions"] = new JsonObject(expressions.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)new JsonArray([.. kv.Value.Select(e => (JsonNode?)JsonValue.Create(e))])))),
    };
    File.WriteAllText(input, payload.ToJsonString());
    try
    {
        var start = new ProcessStartInfo("node", [Path.Combine(js, "bench.js"), input, seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            WorkingDirectory = js,
        };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var result = JsonNode.Parse(line)!;
        Console.WriteLine($"fhirpath.js threw on {result["errors"]} of {result["evaluations"]} evaluations (singleton 'as' on collections)");
        return result["perSecond"]!.GetValue<double>();
    }
    finally
    {
        File.Delete(input);
    }
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Bayu.slnx")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Bayu.slnx not found");
}
