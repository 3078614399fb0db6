using System.Text.RegularExpressions;
using Hl7.Fhir.ElementModel;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>Functions Bayu owns outright: the regular-expression functions, the boolean aggregates and conformsTo().</summary>
internal static class FhirPathFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "matches", "replaceMatches", "allTrue", "anyTrue", "allFalse", "anyFalse",
    };

    // A hostile pattern must not hang an evaluation.
    private static readonly TimeSpan s_regexTimeout = TimeSpan.FromSeconds(1);

    // §5.6 String Manipulation: case-sensitive, culture-independent, 'single line' mode ('.' matches a newline).
    private const RegexOptions Options = RegexOptions.Singleline | RegexOptions.CultureInvariant;

    public static void Add(SymbolTable t)
    {
        t.Add("matches", (string focus, string pattern) => Regex.IsMatch(focus, pattern, Options, s_regexTimeout), doNullProp: true);
        // matchesFull() (FHIRPath 3.0): the whole string must match.
        t.Add("matchesFull", (string focus, string pattern) => Regex.IsMatch(focus, "^(?:" + pattern + ")$", Options, s_regexTimeout), doNullProp: true);
        // An empty pattern would match between every character; it leaves the input as it is, as
        // the official suite (testReplaceMatches2) and other engines read the spec's silence.
        t.Add("replaceMatches", (string focus, string pattern, string substitution) =>
            pattern.Length == 0 ? focus : Regex.Replace(focus, pattern, substitution, Options, s_regexTimeout), doNullProp: true);

        t.Add("allTrue", (IEnumerable<ITypedElement> focus) => Booleans(focus, "allTrue").All(b => b));
        t.Add("anyTrue", (IEnumerable<ITypedElement> focus) => Booleans(focus, "anyTrue").Any(b => b));
        t.Add("allFalse", (IEnumerable<ITypedElement> focus) => Booleans(focus, "allFalse").All(b => !b));
        t.Add("anyFalse", (IEnumerable<ITypedElement> focus) => Booleans(focus, "anyFalse").Any(b => !b));

        t.Add("conformsTo", (IEnumerable<PocoNode> focus, string profile, EvaluationContext context) => ConformsTo(focus, profile, context));
    }

    /// <summary>§5.3 allTrue() and kin take "a collection of Boolean values": anything else is an error, not false.</summary>
    private static IEnumerable<bool> Booleans(IEnumerable<ITypedElement> focus, string function) =>
        focus.Select(e => e.Value as bool? ?? throw new InvalidOperationException($"{function}() takes Boolean values, not {e.InstanceType}."));

    private static bool? ConformsTo(IEnumerable<PocoNode> focus, string profile, EvaluationContext context)
    {
        var items = focus.Take(2).ToList();
        return items switch
        {
            [] => null,
            [{ Poco: Resource resource }] when context is BayuEvaluationContext bayu => bayu.Engine.ConformsTo(resource, profile),
            [_] => throw new InvalidOperationException("conformsTo() applies to a resource evaluated by Bayu's FHIRPath engine."),
            _ => throw new InvalidOperationException("conformsTo() applies to a single resource."),
        };
    }
}
