using System.Diagnostics;
using Bayu.Fhir.Formats;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using ICSharpCode.SharpZipLib.BZip2;

// Validations per second on the Synthea resources: every entry of every bundle validated on its
// own, against its base definition, single-threaded and then on all cores. Usage:
//   dotnet run -c Release --project bench/Bayu.Bench.Validation [SYNTHEA_DIR] [MAX_BUNDLES]
var directory = args.Length > 0 ? args[0] : "/work/shared/synthea";
var maxBundles = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : int.MaxValue;

var resources = new List<Resource>();
foreach (var path in Directory.EnumerateFiles(directory, "*.json.bz2").Order(StringComparer.Ordinal).Take(maxBundles))
{
    using var file = File.OpenRead(path);
    using var bzip = new BZip2InputStream(file);
    using var buffer = new MemoryStream();
    bzip.CopyTo(buffer);
    if (FhirFormats.Parse(buffer.ToArray(), FhirFormat.Json, ParseMode.Lenient).Resource is Bundle bundle)
    {
        resources.AddRange(bundle.Entry.Select(e => e.Resource).OfType<Resource>());
    }
}
Console.WriteLine($"{resources.Count} resources from {directory}");

var validator = ResourceValidator.Default;
var warmup = Stopwatch.StartNew();
foreach (var type in resources.GroupBy(r => r.TypeName))
{
    validator.Validate(type.First());
}
Console.WriteLine($"warm-up (definitions, element trees, first expansions): {warmup.Elapsed.TotalSeconds:F1} s");

var errors = 0;
var rules = new Dictionary<string, (int Count, string Sample)>(StringComparer.Ordinal);
var single = Stopwatch.StartNew();
foreach (var resource in resources)
{
    var found = validator.Validate(resource).Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error).ToList();
    if (found.Count > 0)
    {
        errors++;
    }
    foreach (var issue in found)
    {
        var rule = ValidationIssue.RuleOf(issue) ?? "";
        rules[rule] = (rules.GetValueOrDefault(rule).Count + 1, rules.GetValueOrDefault(rule).Sample ?? issue.Details?.Text ?? "");
    }
}
single.Stop();
Console.WriteLine($"single thread: {resources.Count / single.Elapsed.TotalSeconds:F0} validations/s ({single.Elapsed.TotalSeconds:F1} s); resources with errors: {errors}");

foreach (var (rule, (count, sample)) in rules.OrderByDescending(r => r.Value.Count))
{
    Console.WriteLine($"  {rule}: {count} error(s), e.g. {sample}");
}

var parallel = Stopwatch.StartNew();
Parallel.ForEach(resources, resource => validator.Validate(resource));
parallel.Stop();
Console.WriteLine($"{Environment.ProcessorCount} cores: {resources.Count / parallel.Elapsed.TotalSeconds:F0} validations/s ({parallel.Elapsed.TotalSeconds:F1} s)");
