using P = Hl7.Fhir.ElementModel.Types;

namespace Bayu.Storage.Indexing;

/// <summary>
/// Dates as inclusive [low, high] ranges in UTC ticks, at the value's precision ("2020" covers the
/// whole year). Values without an offset are read in China Standard Time, the platform's zone.
/// </summary>
public static class DateRanges
{
    public static readonly TimeSpan AssumedOffset = TimeSpan.FromHours(8);

    /// <summary>Open lower/upper bounds (e.g. a Period without start).</summary>
    public const long MinTicks = 0;
    public const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks

    public static bool TryParse(string? value, out long low, out long high)
    {
        low = MinTicks;
        high = MaxTicks;
        if (string.IsNullOrWhiteSpace(value) || !P.DateTime.TryParse(value.Trim(), out var parsed))
        {
            return false;
        }
        var range = parsed.GetRange(AssumedOffset);
        if (range.Start is not { } start || range.End is not { } end)
        {
            return false;
        }
        low = start.UtcTicks;
        // The SDK's range is half-open; the index stores inclusive bounds.
        high = Math.Max(low, end.UtcTicks - 1);
        return true;
    }

    public static DateTimeOffset ToDateTimeOffset(long utcTicks) => new(utcTicks, TimeSpan.Zero);
}
