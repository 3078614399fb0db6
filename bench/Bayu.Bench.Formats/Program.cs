using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bayu.Bench.Formats;
using Bayu.Fhir.Formats;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

// Bench (a): parse + serialize throughput on the Synthea bundles, in MB/s of input JSON, for
// System.Text.Json's JsonDocument, the Firely SDK's plain calls and Bayu's FhirFormats, in one run
// on one thread. Usage: dotnet run -c Release --project bench/Bayu.Bench.Formats [-- SECONDS_PER_CASE]
var secondsPerCase = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var documents = SyntheaInput.Load();
var totalMb = documents.Sum(d => d.Length) / 1_000_000.0;
Console.WriteLine($"input: {documents.Count} Synthea bundles, {totalMb:F1} MB of JSON; about {secondsPerCase:F0} s per case, single thread");
Console.WriteLine($"runtime: .NET {Environment.Version}, {Environment.ProcessorCount} logical cores");
Console.WriteLine();

var sdkStrict = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Strict));
var sdkDefault = new FhirJsonDeserializer();
var sdkOstrich = new FhirJsonDeserializer(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));
var sdkSerializer = new BaseFhirJsonSerializer(ModelInfo.ModelInspector);
var parsed = documents.Select(d => FhirFormats.Parse(d, FhirFormat.Json).Resource ?? throw new InvalidOperationException("a Synthea bundle does not parse")).ToList();

var cases = new (string Name, Action<int> Run)[]
{
    ("JsonDocument.Parse + WriteTo", i =>
    {
        using var document = JsonDocument.Parse(documents[i]);
        var buffer = new ArrayBufferWriter<byte>(documents[i].Length);
        using var writer = new Utf8JsonWriter(buffer);
        document.WriteTo(writer);
    }),
    ("SDK parse (default settings) + serialize", i =>
    {
        var reader = new Utf8JsonReader(documents[i]);
        var resource = sdkDefault.DeserializeResource(ref reader);
        sdkSerializer.SerializeToBytes(resource);
    }),
    ("SDK parse (strict) + serialize", i =>
    {
        var reader = new Utf8JsonReader(documents[i]);
        sdkStrict.TryDeserializeResource(ref reader, out var resource, out _);
        sdkSerializer.SerializeToBytes(resource!);
    }),
    ("Bayu FhirFormats.Parse + Serialize", i =>
    {
        var result = FhirFormats.Parse(documents[i], FhirFormat.Json);
        FhirFormats.Serialize(result.Resource!, FhirFormat.Json);
    }),
    // Where the time goes:
    ("  SDK parse only (strict)", i =>
    {
        var reader = new Utf8JsonReader(documents[i]);
        sdkStrict.TryDeserializeResource(ref reader, out _, out _);
    }),
    ("  SDK parse only (ostrich: no validation)", i =>
    {
        var reader = new Utf8JsonReader(documents[i]);
        sdkOstrich.TryDeserializeResource(ref reader, out _, out _);
    }),
    ("  SDK serialize only", i => sdkSerializer.SerializeToBytes(parsed[i])),
    ("  Bayu parse only", i => FhirFormats.Parse(documents[i], FhirFormat.Json)),
    // The door's depth and string checks (ParseLimits.Default) against none (ParseLimits.Stored).
    ("  Bayu parse only, no door limits", i => FhirFormats.Parse(documents[i], FhirFormat.Json, ParseMode.Strict, ParseLimits.Stored)),
    ("  Bayu serialize only", i => FhirFormats.Serialize(parsed[i], FhirFormat.Json)),
    ("  Bayu serialize only (XML)", i => FhirFormats.Serialize(parsed[i], FhirFormat.Xml)),
    ("  Utf8JsonReader scan only", i =>
    {
        var reader = new Utf8JsonReader(documents[i]);
        while (reader.Read())
        {
        }
    }),
};

// An optional second argument keeps only the cases whose name contains it (e.g. "Bayu parse only"
// to measure the door limits' cost with many rounds).
if (args.Length > 1)
{
    cases = [.. cases.Where(c => c.Name.Contains(args[1], StringComparison.Ordinal))];
}

// The machine is shared, so load varies over time: run the cases round-robin, one pass over all
// documents each, for several rounds, and report each case's median round. Noise then hits every
// case alike instead of whichever case ran during a busy minute.
foreach (var (_, run) in cases)
{
    for (var i = 0; i < documents.Count; i++)
    {
        run(i); // warm up: JIT, tiered PGO, SDK metadata caches
    }
}
var rounds = Enumerable.Range(0, cases.Length).Select(_ => new List<(double Seconds, long Allocated)>()).ToArray();
var benchWatch = Stopwatch.StartNew();
while (benchWatch.Elapsed.TotalSeconds < secondsPerCase * cases.Length || rounds[0].Count < 3)
{
    for (var c = 0; c < cases.Length; c++)
    {
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < documents.Count; i++)
        {
            cases[c].Run(i);
        }
        rounds[c].Add((watch.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore));
    }
}

Console.WriteLine($"{rounds[0].Count} rounds; median round per case");
Console.WriteLine($"{"case",-46} {"MB/s",8} {"best MB/s",10} {"alloc MB/MB",12}");
var results = new Dictionary<string, double>();
for (var c = 0; c < cases.Length; c++)
{
    var seconds = rounds[c].Select(r => r.Seconds).Order().ToList();
    var median = seconds[seconds.Count / 2];
    var allocated = rounds[c].Average(r => r.Allocated) / 1_000_000.0;
    results[cases[c].Name] = totalMb / median;
    Console.WriteLine($"{cases[c].Name,-46} {totalMb / median,8:F1} {totalMb / seconds[0],10:F1} {allocated / totalMb,12:F1}");
}

Console.WriteLine();
if (!results.ContainsKey("SDK parse (strict) + serialize"))
{
    ReportLimits(results);
    return;
}
var sdk = results["SDK parse (strict) + serialize"];
var bayu = results["Bayu FhirFormats.Parse + Serialize"];
Console.WriteLine($"JsonDocument vs SDK (strict): {results["JsonDocument.Parse + WriteTo"] / sdk:F1}x faster");
Console.WriteLine($"Bayu wrapper overhead over the SDK (strict): {(sdk / bayu - 1) * 100:F1}% more time");
ReportLimits(results);

static void ReportLimits(Dictionary<string, double> results)
{
    if (results.TryGetValue("  Bayu parse only, no door limits", out var without) && results.TryGetValue("  Bayu parse only", out var with))
    {
        Console.WriteLine($"Door limits (depth, string length, characters) on parse: {(without / with - 1) * 100:F1}% more time");
    }
}
