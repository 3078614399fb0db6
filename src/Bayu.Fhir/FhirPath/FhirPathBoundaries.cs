using System.Globalization;
using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// <c>lowBoundary()</c>, <c>highBoundary()</c> and <c>precision()</c> (FHIRPath 3.0 STU, §5.10
/// utility functions) for Decimal, Integer, Quantity, Date, DateTime and Time.
/// </summary>
/// <remarks>
/// A value stands for every value that rounds to it: 1.587 is anything in [1.5865, 1.5875]. The
/// boundaries are the ends of that range written to the requested precision: the least value
/// rounded down (towards negative infinity) and the greatest rounded up, so the boundaries always
/// enclose the input. A date or time without an offset may be in any time zone, so its least
/// instant is at +14:00 and its greatest at -12:00, the extreme offsets in use.
/// </remarks>
internal static class FhirPathBoundaries
{
    // System.Decimal holds at most 28 digits after the point; the spec asks for empty beyond
    // "the maximum possible precision of the implementation".
    private const int MaxDecimalPrecision = 28;
    private const int DefaultDecimalPrecision = 8;
    private static readonly TimeSpan s_earliestOffset = TimeSpan.FromHours(14);
    private static readonly TimeSpan s_latestOffset = TimeSpan.FromHours(-12);

    // The results are objects because the SDK turns a .NET decimal, not a P.Decimal, into a FHIRPath value.
    public static object? Low(P.Any value, long? precision) => Boundary(value, precision, high: false);

    public static object? High(P.Any value, long? precision) => Boundary(value, precision, high: true);

    /// <summary>Digits after the point of a decimal; digits of a date, dateTime or time as written (2014-01 has 6).</summary>
    public static long? Precision(P.Any value) => value switch
    {
        P.Decimal d => d.Value.Scale,
        P.Integer => 0,
        P.Date d => DateDigits(d.Precision),
        P.DateTime dt => DateTimeDigits(dt.Precision),
        P.Time t => TimeDigits(t.Precision),
        _ => null,
    };

    private static object? Boundary(P.Any value, long? precision, bool high) => value switch
    {
        P.Decimal d => DecimalBoundary(d.Value, precision, high),
        P.Integer i => DecimalBoundary(i.Value, precision, high),
        P.Long l => DecimalBoundary(l.Value, precision, high),
        P.Quantity q => DecimalBoundary(q.Value, precision, high) is { } b ? new P.Quantity(b, q.Unit, q.System) : null,
        P.Date d => DateBoundary(d, precision ?? 8, high),
        P.DateTime dt => DateTimeBoundary(dt, precision ?? 17, high),
        P.Time t => TimeBoundary(t, precision ?? 9, high),
        _ => null,
    };

    internal static decimal? DecimalBoundary(decimal value, long? precision, bool high)
    {
        var scale = value.Scale;
        // Without a precision, keep every digit of the boundary (and at least the spec's 8).
        var digits = precision ?? Math.Max(DefaultDecimalPrecision, Math.Min(scale + 1, MaxDecimalPrecision));
        if (digits is < 0 or > MaxDecimalPrecision || scale >= MaxDecimalPrecision)
        {
            return null;
        }

        var halfUnit = new decimal(5, 0, 0, false, (byte)(scale + 1));
        var boundary = high ? value + halfUnit : value - halfUnit;
        var rounded = decimal.Round(boundary, (int)digits, high ? MidpointRounding.ToPositiveInfinity : MidpointRounding.ToNegativeInfinity);
        if (rounded == 0m)
        {
            rounded = 0m; // no negative zero
        }
        // Written with exactly the requested number of digits (1.58650000, not 1.5865).
        return decimal.Parse(rounded.ToString("F" + digits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static P.Date? DateBoundary(P.Date date, long precision, bool high)
    {
        if (precision is not (4 or 6 or 8))
        {
            return null;
        }
        var (year, month, day) = FillDate(date.Years!.Value, date.Months, date.Days, high);
        return P.Date.Parse(FormatDate(year, month, day, (int)precision));
    }

    private static P.DateTime? DateTimeBoundary(P.DateTime dateTime, long precision, bool high)
    {
        if (precision is not (4 or 6 or 8 or 10 or 12 or 14 or 17))
        {
            return null;
        }
        var (year, month, day) = FillDate(dateTime.Years!.Value, dateTime.Months, dateTime.Days, high);
        var date = FormatDate(year, month, day, (int)precision);
        if (precision <= 8)
        {
            return P.DateTime.Parse(date);
        }

        var time = FormatTime(dateTime.Hours, dateTime.Minutes, dateTime.Seconds, dateTime.Millis, (int)precision - 8, high);
        var offset = dateTime.Offset ?? (high ? s_latestOffset : s_earliestOffset);
        return P.DateTime.Parse($"{date}T{time}{FormatOffset(offset)}");
    }

    private static P.Time? TimeBoundary(P.Time time, long precision, bool high)
    {
        if (precision is not (2 or 4 or 6 or 9))
        {
            return null;
        }
        return P.Time.Parse(FormatTime(time.Hours, time.Minutes, time.Seconds, time.Millis, (int)precision, high));
    }

    private static (int Year, int Month, int Day) FillDate(int year, int? month, int? day, bool high)
    {
        var m = month ?? (high ? 12 : 1);
        var d = day ?? (high ? DateTime.DaysInMonth(year, m) : 1);
        return (year, m, d);
    }

    private static string FormatDate(int year, int month, int day, int digits) => digits switch
    {
        4 => year.ToString("D4", CultureInfo.InvariantCulture),
        6 => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}-{day:D2}"),
    };

    /// <summary>The time part to <paramref name="digits"/> digits (2 = hours … 9 = milliseconds), missing parts filled.</summary>
    private static string FormatTime(int? hours, int? minutes, int? seconds, int? millis, int digits, bool high)
    {
        var h = hours ?? (high ? 23 : 0);
        var m = minutes ?? (high ? 59 : 0);
        var s = seconds ?? (high ? 59 : 0);
        var f = millis ?? (high ? 999 : 0);
        return digits switch
        {
            2 => h.ToString("D2", CultureInfo.InvariantCulture),
            4 => string.Create(CultureInfo.InvariantCulture, $"{h:D2}:{m:D2}"),
            6 => string.Create(CultureInfo.InvariantCulture, $"{h:D2}:{m:D2}:{s:D2}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{h:D2}:{m:D2}:{s:D2}.{f:D3}"),
        };
    }

    private static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture);

    private static int DateDigits(P.DateTimePrecision precision) => precision switch
    {
        P.DateTimePrecision.Year => 4,
        P.DateTimePrecision.Month => 6,
        _ => 8,
    };

    private static int DateTimeDigits(P.DateTimePrecision precision) => precision switch
    {
        P.DateTimePrecision.Hour => 10,
        P.DateTimePrecision.Minute => 12,
        P.DateTimePrecision.Second => 14,
        P.DateTimePrecision.Fraction => 17,
        _ => DateDigits(precision),
    };

    private static int TimeDigits(P.DateTimePrecision precision) => precision switch
    {
        P.DateTimePrecision.Hour => 2,
        P.DateTimePrecision.Minute => 4,
        P.DateTimePrecision.Second => 6,
        _ => 9,
    };
}
