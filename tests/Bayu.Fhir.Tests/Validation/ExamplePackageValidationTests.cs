using System.Collections.Concurrent;
using Bayu.Fhir.Formats;
using Bayu.Fhir.Tests.TestData;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace Bayu.Fhir.Tests.Validation;

public class ExamplePackageValidationTests(ITestOutputHelper output)
{
    /// <summary>
    /// Examples of hl7.fhir.r4.examples 4.0.1 that are themselves wrong, with the reason; each
    /// produces exactly the listed error rules, so a new false error anywhere still fails the test.
    /// </summary>
    internal static readonly Dictionary<string, (string[] Rules, string Reason)> KnownWrongExamples = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void GivenEveryOfficialExample_WhenValidatedAgainstItsBaseDefinition_ThenNoErrors()
    {
        var files = ExamplePackage.Files;
        var unexpected = new ConcurrentBag<string>();
        var errorFree = 0;
        var validated = 0;
        var ruleCounts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var ruleSamples = new ConcurrentDictionary<string, ConcurrentBag<string>>(StringComparer.Ordinal);
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            var parsed = FhirFormats.Parse(File.ReadAllText(file), FhirFormat.Json, ParseMode.Lenient);
            if (parsed.Resource is not Resource resource)
            {
                return;
            }
            Interlocked.Increment(ref validated);
            // Validate against the base definition only: examples claim profiles from other packages.
            if (resource.Meta is { } meta)
            {
                meta.ProfileElement.Clear();
                if (!meta.EnumerateElements().Any())
                {
                    resource.Meta = null;
                }
            }
            var outcome = ResourceValidator.Default.Validate(resource);
            var errors = ValidationAssert.Errors(outcome);
            var name = Path.GetFileName(file);
            if (errors.Count == 0)
            {
                Interlocked.Increment(ref errorFree);
                return;
            }
            var rules = errors.Select(e => ValidationIssue.RuleOf(e) ?? "").Distinct().Order(StringComparer.Ordinal).ToArray();
            foreach (var rule in rules)
            {
                ruleCounts.AddOrUpdate(rule, 1, (_, n) => n + 1);
                var sample = errors.First(e => ValidationIssue.RuleOf(e) == rule);
                ruleSamples.GetOrAdd(rule, _ => []).Add($"{name} {sample.Expression.FirstOrDefault()}: {sample.Details?.Text}");
            }
            if (KnownWrongExamples.TryGetValue(name, out var known) && known.Rules.SequenceEqual(rules))
            {
                return;
            }
            unexpected.Add($"{name}:\n{string.Join("\n", errors.Take(5).Select(e => $"  [{ValidationIssue.RuleOf(e)}] {e.Expression.FirstOrDefault()}: {e.Details?.Text}"))}");
        });
        output.WriteLine($"{validated} examples validated, {errorFree} without errors, {KnownWrongExamples.Count} known to be wrong, {unexpected.Count} unexpected.");
        foreach (var (rule, count) in ruleCounts.OrderByDescending(r => r.Value))
        {
            output.WriteLine($"{rule}: {count} example(s), e.g.\n    {string.Join("\n    ", ruleSamples[rule].Order(StringComparer.Ordinal).Take(4))}");
        }
        Assert.True(validated > 2000, $"Only {validated} examples were read.");
        Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected.Order(StringComparer.Ordinal).Take(60)));
    }
}
