using System.Globalization;
using Hl7.FhirPath.Expressions;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// The arithmetic operators <c>+ - * /</c> (FHIRPath 2.0 §6.5, §6.6), one entry per name as in
/// <see cref="FhirPathOperators"/>: numbers, string concatenation, quantities with UCUM units,
/// and date/time plus or minus a time-valued quantity.
/// </summary>
internal static class FhirPathArithmetic
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "binary.+", "binary.-", "binary.*", "binary./",
    };

    public static void Add(SymbolTable t)
    {
        t.Add("binary.+", (object _, P.Any? a, P.Any? b) => Apply('+', a, b));
        t.Add("binary.-", (object _, P.Any? a, P.Any? b) => Apply('-', a, b));
        t.Add("binary.*", (object _, P.Any? a, P.Any? b) => Apply('*', a, b));
        t.Add("binary./", (object _, P.Any? a, P.Any? b) => Apply('/', a, b));
        t.Add("comparable", (P.Quantity a, P.Quantity b) => FhirPathQuantities.Comparable(a, b), doNullProp: true);
    }

    private static object? Apply(char op, P.Any? a, P.Any? b) => (op, a, b) switch
    {
        (_, null, _) or (_, _, null) => null,
        ('/', _, _) when Number(a) is { } x && Number(b) is { } y => y == 0 ? null : x / y,
        (_, P.Integer x, P.Integer y) => Integers(op, x.Value, y.Value),
        (_, P.Integer or P.Long, P.Integer or P.Long) => Longs(op, (long)Number(a)!, (long)Number(b)!),
        _ when Number(a) is { } x && Number(b) is { } y => Decimals(op, x, y),
        ('+', P.String x, P.String y) => x.Value + y.Value,
        (_, P.Quantity x, P.Quantity y) => op switch
        {
            '+' => FhirPathQuantities.Add(x, y, 1),
            '-' => FhirPathQuantities.Add(x, y, -1),
            '*' => FhirPathQuantities.Multiply(x, y),
            _ => FhirPathQuantities.Divide(x, y),
        },
        ('*', P.Quantity x, _) when Number(b) is { } y => new P.Quantity(x.Value * y, x.Unit, x.System),
        ('*', _, P.Quantity y) when Number(a) is { } x => new P.Quantity(x * y.Value, y.Unit, y.System),
        ('/', P.Quantity x, _) when Number(b) is { } y => y == 0 ? null : new P.Quantity(x.Value / y, x.Unit, x.System),
        ('+', P.DateTime x, P.Quantity y) => KeepPrecision(x, x + y),
        ('-', P.DateTime x, P.Quantity y) => KeepPrecision(x, x - y),
        ('+', P.Date x, P.Quantity y) => x + y,
        ('-', P.Date x, P.Quantity y) => x - y,
        _ => throw new InvalidOperationException($"Operator '{op}' cannot be applied to {a.GetType().Name} and {b.GetType().Name}."),
    };

    private static decimal? Number(P.Any value) => value switch
    {
        P.Integer i => i.Value,
        P.Long l => l.Value,
        P.Decimal d => d.Value,
        _ => null,
    };

    private static int Integers(char op, int x, int y) => op switch
    {
        '+' => x + y,
        '-' => x - y,
        _ => x * y,
    };

    private static long Longs(char op, long x, long y) => op switch
    {
        '+' => x + y,
        '-' => x - y,
        _ => x * y,
    };

    private static decimal Decimals(char op, decimal x, decimal y) => op switch
    {
        '+' => x + y,
        '-' => x - y,
        _ => x * y,
    };

    /// <summary>
    /// The result written to the precision of the input (§6.6: the result keeps the input's
    /// precision): the SDK drops milliseconds that are zero, so @1973-12-25T00:00:00.000 + 7 days
    /// came back as …T00:00:00.
    /// </summary>
    private static P.DateTime KeepPrecision(P.DateTime input, P.DateTime result)
    {
        var value = result.ToDateTimeOffset(input.Offset ?? TimeSpan.Zero);
        var format = input.Precision switch
        {
            P.DateTimePrecision.Year => "yyyy",
            P.DateTimePrecision.Month => "yyyy-MM",
            P.DateTimePrecision.Day => "yyyy-MM-dd",
            P.DateTimePrecision.Hour => "yyyy-MM-dd'T'HH",
            P.DateTimePrecision.Minute => "yyyy-MM-dd'T'HH:mm",
            P.DateTimePrecision.Second => "yyyy-MM-dd'T'HH:mm:ss",
            _ => "yyyy-MM-dd'T'HH:mm:ss.fff",
        };
        var offset = input.HasOffset && input.Precision > P.DateTimePrecision.Day ? value.ToString("zzz", CultureInfo.InvariantCulture) : "";
        return P.DateTime.Parse(value.ToString(format, CultureInfo.InvariantCulture) + offset);
    }
}
