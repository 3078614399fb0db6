using System.Collections.Concurrent;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Fhir.Tests.FhirPath.Official;

/// <summary>One test of the official FHIRPath suite (<c>tests-fhir-r4.xml</c>).</summary>
public sealed record SuiteCase(
    string Key,
    string Group,
    string Expression,
    string? InputFile,
    string? Invalid,
    bool Predicate,
    bool Ordered,
    IReadOnlyList<SuiteOutput> Outputs);

public sealed record SuiteOutput(string Type, string Value);

/// <summary>Loads the official suite and its input resources, which are committed under <c>TestData/FhirPath/</c>.</summary>
public static class OfficialSuite
{
    private static readonly Lazy<IReadOnlyDictionary<string, SuiteCase>> s_cases = new(Load);
    private static readonly ConcurrentDictionary<string, Resource> s_inputs = new(StringComparer.Ordinal);

    public static string Directory { get; } = FindDirectory();

    public static IReadOnlyDictionary<string, SuiteCase> Cases => s_cases.Value;

    public static SuiteCase Get(string key) => Cases[key];

    /// <summary>
    /// The input resource, parsed with the SDK's own deserialisers in recoverable mode (the suite
    /// inputs are not all strictly valid, and this suite tests FHIRPath, not parsing).
    /// </summary>
    public static Resource Input(string fileName) => s_inputs.GetOrAdd(fileName, static name =>
    {
        var text = File.ReadAllText(Path.Combine(Directory, name));
        try
        {
            return name.EndsWith(".json", StringComparison.Ordinal)
                ? FhirJsonDeserializer.RECOVERABLE.DeserializeResource(text)
                : FhirXmlDeserializer.RECOVERABLE.DeserializeResource(text);
        }
        catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
        {
            return partial;
        }
    });

    private static IReadOnlyDictionary<string, SuiteCase> Load()
    {
        var document = XDocument.Load(Path.Combine(Directory, "tests-fhir-r4.xml"));
        var cases = new Dictionary<string, SuiteCase>(StringComparer.Ordinal);
        foreach (var test in document.Descendants("test"))
        {
            var group = test.Parent?.Attribute("name")?.Value ?? "";
            var name = test.Attribute("name")!.Value;
            // One name (testEquivalent23) appears twice in the suite; number repeats so each runs.
            var key = name;
            for (var n = 2; cases.ContainsKey(key); n++)
            {
                key = $"{name}#{n}";
            }
            var expression = test.Element("expression")!;
            cases[key] = new SuiteCase(
                key,
                group,
                expression.Value,
                test.Attribute("inputfile")?.Value,
                expression.Attribute("invalid")?.Value,
                test.Attribute("predicate")?.Value == "true",
                test.Attribute("ordered")?.Value != "false",
                [.. test.Elements("output").Select(o => new SuiteOutput(o.Attribute("type")?.Value ?? "", o.Value))]);
        }
        return cases;
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Bayu.Fhir.Tests", "TestData", "FhirPath");
            if (File.Exists(Path.Combine(candidate, "tests-fhir-r4.xml")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/Bayu.Fhir.Tests/TestData/FhirPath/tests-fhir-r4.xml not found above " + AppContext.BaseDirectory);
    }
}
