using System.Collections.Concurrent;
using System.Xml.Linq;
using Fhir.Metrics;

namespace Bayu.Fhir.Units;

/// <summary>
/// The power of the mole in a UCUM unit: 1 for mmol/L, meq/L, kat and U (µmol/min), −1 for
/// L/mol, 0 for 10*9/L or mg. UCUM defines <c>mol</c> as the pure number 6.0221367 × 10²³, so
/// its canonical form alone cannot tell an amount of substance from a count; this can.
/// </summary>
/// <remarks>
/// Worked out from the UCUM essence that Fhir.Metrics ships and parsed with its own parser, so
/// the units are exactly the ones the canonical conversion knows: a unit's power is that of the
/// units in its definition, down to <c>mol</c>.
/// </remarks>
internal static class AmountOfSubstance
{
    /// <summary>The number UCUM (and so Fhir.Metrics) puts for one mole.</summary>
    public const decimal Avogadro = 602_213_670_000_000_000_000_000m;

    private const string Mole = "mol";

    private static readonly Lazy<Essence> s_essence = new(Essence.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The power of mol in <paramref name="code"/>; 0 when the code does not parse (it has no canonical form then either).</summary>
    public static int ExponentOf(string code)
    {
        try
        {
            return s_essence.Value.ExponentOf(code);
        }
        catch (ArgumentException)
        {
            return 0;
        }
    }

    private sealed class Essence(SystemOfUnits units, Dictionary<string, string> definitions)
    {
        private readonly ConcurrentDictionary<string, int> _unitExponents = new(StringComparer.Ordinal);

        public static Essence Load()
        {
            using var stream = typeof(UCUM).Assembly.GetManifestResourceStream("Fhir.Metrics.Data.ucum-essence.xml")
                ?? throw new InvalidOperationException("Fhir.Metrics no longer ships its UCUM essence as 'Fhir.Metrics.Data.ucum-essence.xml'.");
            var root = XDocument.Load(stream).Root!;
            // Only what parsing a unit expression needs: prefixes and unit symbols; the numbers do not matter here.
            var units = new SystemOfUnits();
            foreach (var prefix in root.Elements().Where(e => e.Name.LocalName == "prefix"))
            {
                units.AddPrefix((string?)prefix.Element("name") ?? "", (string)prefix.Attribute("Code")!, Exponential.One);
            }
            var definitions = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var unit in root.Elements().Where(e => e.Name.LocalName is "base-unit" or "unit"))
            {
                var code = (string)unit.Attribute("Code")!;
                units.AddUnit((string?)unit.Element("name") ?? code, code, unit.Name.LocalName == "base-unit" ? (string?)unit.Element("property") : null);
                if (unit.Element("value")?.Attribute("Unit") is { } formula)
                {
                    definitions[code] = formula.Value;
                }
            }
            return new Essence(units, definitions);
        }

        public int ExponentOf(string expression) =>
            units.Metric(expression).Axes.Sum(axis => axis.Exponent * UnitExponent(axis.Unit.Symbol, depth: 0));

        private int UnitExponent(string symbol, int depth)
        {
            if (symbol == Mole)
            {
                return 1;
            }
            if (_unitExponents.TryGetValue(symbol, out var known))
            {
                return known;
            }
            var exponent = 0;
            // Special units (Cel, [pH]) have function definitions the parser rejects; they never
            // canonicalise linearly, and the essence's definitions are a few levels deep at most.
            if (depth < 16 && definitions.TryGetValue(symbol, out var formula))
            {
                try
                {
                    var tokens = Parser.ToUnaryTokens(formula).NonNumerics();
                    exponent = units.Metrics.ParseMetric(tokens).Axes.Sum(axis => axis.Exponent * UnitExponent(axis.Unit.Symbol, depth + 1));
                }
                catch (ArgumentException)
                {
                    exponent = 0;
                }
            }
            _unitExponents[symbol] = exponent;
            return exponent;
        }
    }
}
