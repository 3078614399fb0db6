using System.Collections.Concurrent;
using Bayu.Fhir.Formats;
using Bayu.Fhir.Tests.TestData;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace Bayu.Fhir.Tests.Validation;

public class ExamplePackageValidationTests(ITestOutputHelper output)
{
    private const string EmptyNarrative = "the narrative div holds only whitespace: txt-2 requires some non-whitespace content";
    private const string IdTooLong = "manifest refers to SearchParameter/questionnaireresponse-extensions-QuestionnaireResponse-item-subject, an id of 67 characters (at most 64)";
    // Declared before ExampleErrors, which reads them: static fields initialise in order.
    private static readonly string[] PatternModels = ["Definition", "Event", "FiveWs", "Request"];
    private static readonly string[] ExtensionSearchParameters =
        [.. from type in new[] { "codesystem-extensions-CodeSystem", "valueset-extensions-ValueSet" }
            from code in new[] { "author", "effective", "end", "keyword", "workflow" }
            select $"SearchParameter-{type}-{code}.json"];

    /// <summary>
    /// Every (example, rule) error the official examples produce, each because the example itself
    /// breaks R4 (or Bayu's policy on unknown modifier extensions). The test fails on any error
    /// not listed here and on any listed one that no longer occurs, so a regression either way
    /// shows; each was checked against the example by hand.
    /// </summary>
    internal static readonly IReadOnlyList<(string File, string Rule, string Reason)> ExampleErrors =
    [
        ("ActivityDefinition-blood-tubes-supply.json", "txt-2", EmptyNarrative),
        ("ActivityDefinition-heart-valve-replacement.json", "txt-2", EmptyNarrative),
        ("EventDefinition-example.json", "txt-2", EmptyNarrative),
        ("Questionnaire-zika-virus-exposure-assessment.json", "txt-2", "the narrative is an empty <pre>: txt-2 requires some non-whitespace content"),
        ("Basic-referral.json", "extension", "three modifierExtensions under example.org/do-not-use with no definition: Bayu refuses unknown modifier extensions (a receiver cannot safely ignore them)"),
        ("Bundle-dataelements.json", "bdl-7", "a collection bundle repeating fullUrls (e.g. .../de-Quantity.value) without distinct meta.versionId"),
        ("CodeSystem-dicom-dcim.json", "extension-context", "valueset-concept-comments (context ValueSet.compose.include.concept) on CodeSystem.concept; R4 defines codesystem-concept-comments for that"),
        ("DeviceMetric-example.json", "reference", "parent refers to DeviceDefinition/dc102; DeviceMetric.parent allows Reference(Device) only"),
        ("DeviceUseStatement-example.json", "reference", "reasonReference refers to a Procedure; R4 allows Condition, Observation, DiagnosticReport, DocumentReference, Media"),
        ("ImplementationGuide-fhir.json", "cardinality", "no name and no status (both 1..1)"),
        ("ImplementationGuide-fhir.json", "reference", IdTooLong),
        ("ig-r4.json", "cardinality", "no name and no status (both 1..1); same content as ImplementationGuide-fhir.json"),
        ("ig-r4.json", "reference", IdTooLong),
        ("MedicationRequest-medrx0301.json", "reference", "dispenseRequest.performer refers to a Practitioner; R4 allows Reference(Organization) only"),
        ("Observation-clinical-gender.json", "reference", "performer refers to an Encounter, which Observation.performer does not allow"),
        ("Questionnaire-qs1.json", "cardinality", "28 nested items without the mandatory linkId"),
        .. PatternModels.Select(m => ($"StructureDefinition-{m}.json", "sdf-4", "the workflow pattern logical model is not abstract and has no baseDefinition")),
        .. ExtensionSearchParameters.Select(f => (f, "cardinality", "SearchParameter without the mandatory base (1..*)")),
    ];

    /// <summary>
    /// Examples the formats parser refuses even in lenient mode, so they are never validated; the
    /// reasons are the parser's, listed in Formats/RoundTripExceptions.txt.
    /// </summary>
    internal static readonly IReadOnlyList<string> Unparsed =
    [
        "Bundle-v2-valuesets.json", "Bundle-valueset-expansions.json", "Bundle-valuesets.json", "CapabilityStatement-example.json",
        "CodeSystem-snomedct.json", "CodeSystem-v2-0550.json", "Library-zika-virus-intervention-logic.json",
        "MessageHeader-1cbdfb97-5859-48a4-8301-d54eab818d68.json", "Observation-decimal.json",
        "SearchParameter-questionnaireresponse-extensions-QuestionnaireResponse-item-subject.json", "TerminologyCapabilities-example.json",
    ];

    [Fact]
    public void GivenEveryOfficialExample_WhenValidatedAgainstItsBaseDefinition_ThenOnlyTheListedExampleErrors()
    {
        var files = ExamplePackage.Files;
        var found = new ConcurrentBag<(string File, string Rule, string Sample)>();
        var unparsed = new ConcurrentBag<string>();
        var errorFree = 0;
        var validated = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            var name = Path.GetFileName(file);
            var parsed = FhirFormats.Parse(File.ReadAllText(file), FhirFormat.Json, ParseMode.Lenient);
            if (parsed.Resource is not Resource resource)
            {
                unparsed.Add(name);
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
            var errors = ValidationAssert.Errors(ResourceValidator.Default.Validate(resource));
            if (errors.Count == 0)
            {
                Interlocked.Increment(ref errorFree);
                return;
            }
            foreach (var group in errors.GroupBy(e => ValidationIssue.RuleOf(e) ?? ""))
            {
                var sample = group.First();
                found.Add((name, group.Key, $"{group.Count()}x, e.g. {sample.Expression.FirstOrDefault()}: {sample.Details?.Text}"));
            }
        });
        var withErrors = found.Select(f => f.File).Distinct().Count();
        output.WriteLine($"{files.Count} example files, {unparsed.Count} not parsed, {validated} validated, {errorFree} without errors, {withErrors} with errors listed below.");
        foreach (var (file, rule, sample) in found.OrderBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.Rule, StringComparer.Ordinal))
        {
            output.WriteLine($"  {file} [{rule}] {sample}");
        }

        Assert.True(validated > 5000, $"Only {validated} examples were validated.");
        Assert.Equal(Unparsed.Order(StringComparer.Ordinal), unparsed.Order(StringComparer.Ordinal));
        var expected = ExampleErrors.Select(e => (e.File, e.Rule)).ToHashSet();
        var unexpected = found.Where(f => !expected.Contains((f.File, f.Rule))).Select(f => $"{f.File} [{f.Rule}] {f.Sample}").Order(StringComparer.Ordinal).ToList();
        var gone = expected.Where(e => !found.Any(f => f.File == e.File && f.Rule == e.Rule)).Select(e => $"{e.File} [{e.Rule}]").Order(StringComparer.Ordinal).ToList();
        Assert.True(unexpected.Count == 0, "Errors on examples not known to be wrong:\n" + string.Join("\n", unexpected.Take(60)));
        Assert.True(gone.Count == 0, "Listed example errors that no longer occur (update the list):\n" + string.Join("\n", gone));
        Assert.Equal(validated - ExampleErrors.Select(e => e.File).Distinct().Count(), errorFree);
    }
}
