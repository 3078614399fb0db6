using System.Globalization;
using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Tests.FhirPath.Official;

/// <summary>Runs one suite case through Bayu's engine and says, in words, whether it passed.</summary>
public static class SuiteRunner
{
    // Every case runs in strict mode: the suite's "semantic" error cases are the errors strict
    // evaluation reports, and the other cases must give their results in that mode too.
    private static readonly FhirPathContext s_strict = new() { Strict = true };

    /// <summary>Null when the case passes, otherwise why it failed.</summary>
    public static string? Run(SuiteCase test)
    {
        var input = test.InputFile is null ? null : OfficialSuite.Input(test.InputFile);
        IReadOnlyList<Base> result;
        try
        {
            result = FhirPathEngine.Default.Compile(test.Expression).Select(input, s_strict);
        }
        catch (Exception e) when (e is FhirPathSyntaxException or FhirPathEvaluationException)
        {
            return test.Invalid is null ? $"unexpected {e.GetType().Name}: {e.Message}" : null;
        }

        if (test.Invalid is not null)
        {
            return $"expected a {test.Invalid} error, got [{Describe(result)}]";
        }

        var actual = test.Predicate
            ? [("boolean", result.Count > 0 ? "true" : "false")]
            : result.Select(Normalise).ToList();
        var expected = test.Outputs.Select(o => (o.Type.ToLowerInvariant(), ExpectedValue(o))).ToList();
        var matches = test.Ordered
            ? actual.SequenceEqual(expected, OutputComparer.Instance)
            : actual.Count == expected.Count && expected.All(e => actual.Count(a => OutputComparer.Instance.Equals(a, e)) == expected.Count(x => OutputComparer.Instance.Equals(x, e)));
        return matches ? null : $"expected [{string.Join(", ", expected.Select(e => $"{e.Item1}:{e.Item2}"))}] got [{string.Join(", ", actual.Select(a => $"{a.Item1}:{a.Item2}"))}]";
    }

    private static string Describe(IReadOnlyList<Base> result) => string.Join(", ", result.Select(Normalise).Select(a => $"{a.Type}:{a.Value}"));

    // Date and time outputs are written as FHIRPath literals (@2014-12, @T10:30); results carry the bare value.
    private static string ExpectedValue(SuiteOutput output) =>
        output.Value.StartsWith('@') ? output.Value.TrimStart('@').TrimStart('T') : output.Value;

    /// <summary>The suite's (type, value) form of one result element.</summary>
    internal static (string Type, string Value) Normalise(Base element)
    {
        var type = element.TypeName;
        type = (type.StartsWith("System.", StringComparison.Ordinal) ? type["System.".Length..] : type).ToLowerInvariant();
        var value = element switch
        {
            Quantity q => $"{q.Value?.ToString(CultureInfo.InvariantCulture)} '{q.Code ?? q.Unit}'",
            PrimitiveType { JsonValue: bool b } => b ? "true" : "false",
            PrimitiveType { JsonValue: decimal d } => d.ToString(CultureInfo.InvariantCulture),
            _ => element.ToString() ?? "",
        };
        return (type, type == "time" ? value.TrimStart('T') : value);
    }

    private sealed class OutputComparer : IEqualityComparer<(string Type, string Value)>
    {
        public static readonly OutputComparer Instance = new();

        public bool Equals((string Type, string Value) x, (string Type, string Value) y)
        {
            // Some outputs (the boundary tests) carry no type: only their written value counts.
            if (x.Type.Length == 0 || y.Type.Length == 0)
            {
                return string.Equals(x.Value, y.Value, StringComparison.Ordinal);
            }
            if (!string.Equals(x.Type, y.Type, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
            // Numbers compare by value: the suite writes "1" for the decimal 1.0.
            return x.Type is "decimal" or "integer"
                && decimal.TryParse(x.Value, CultureInfo.InvariantCulture, out var a)
                && decimal.TryParse(y.Value, CultureInfo.InvariantCulture, out var b)
                ? a == b
                : string.Equals(x.Value, y.Value, StringComparison.Ordinal);
        }

        public int GetHashCode((string Type, string Value) obj) => 0;
    }
}
