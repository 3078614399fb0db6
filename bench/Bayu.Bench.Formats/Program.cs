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
Console.WriteLine($"input: {documents.Count} Synthea bundles, {totalMb:F1} MB of JSON; {secondsPerCase:F0} s per case, single thread");
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

Console.WriteLine($"{"case",-46} {"MB/s",8} {"docs/s",8} {"alloc MB/MB",12}");
var results = new Dictionary<string, double>();
foreach (var (name, run) in cases)
{
    // Warm up (JIT, tiered PGO, SDK metadata caches) on every document once.
    for (var i = 0; i < documents.Count; i++)
    {
        run(i);
    }
    var bytes = 0L;
    var count = 0;
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < secondsPerCase)
    {
        for (var i = 0; i < documents.Count; i++)
        {
            run(i);
            bytes += documents[i].Length;
            count++;
        }
    }
    watch.Stop();
    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    var mbPerSecond = bytes / 1_000_000.0 / watch.Elapsed.TotalSeconds;
    results[name] = mbPerSecond;
    Console.WriteLine($"{name,-46} {mbPerSecond,8:F1} {count / watch.Elapsed.TotalSeconds,8:F1} {allocated / (double)bytes,12:F1}");
}

Console.WriteLine();
var sdk = results["SDK parse (strict) + serialize"];
var bayu = results["Bayu FhirFormats.Parse + Serialize"];
Console.WriteLine($"JsonDocument vs SDK (strict): {results["JsonDocument.Parse + WriteTo"] / sdk:F1}x faster");
Console.WriteLine($"Bayu wrapper overhead over the SDK (strict): {(sdk / bayu - 1) * 100:F1}% more time");
