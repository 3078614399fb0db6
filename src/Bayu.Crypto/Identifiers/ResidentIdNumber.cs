using System.Globalization;

namespace Bayu.Crypto.Identifiers;

/// <summary>What is wrong with a resident ID number, if anything.</summary>
public enum ResidentIdProblem
{
    None,
    Format,
    CheckCharacter,
    BirthDate,
    Region,
}

/// <summary>
/// A resident identity card number (居民身份证号码, GB 11643-1999): a 6-digit GB/T 2260 region
/// code, the birth date as yyyyMMdd, a 3-digit sequence (odd for men) and an ISO 7064 MOD 11-2
/// check character. The one check used by the health card, the cn-patient profile and the demo
/// generator, so what one accepts the others accept.
/// </summary>
/// <param name="Number">The 18 characters as given (canonical: a check character of ten is upper-case X).</param>
/// <param name="RegionCode">The 6-digit GB/T 2260 code of the place of first registration.</param>
/// <param name="IsMale">The sequence number is odd for men and even for women.</param>
public sealed record ResidentIdNumber(string Number, string RegionCode, DateOnly BirthDate, bool IsMale)
{
    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    // The 31 province-level divisions of GB/T 2260 that issue resident ID cards. Kept here rather
    // than looked up so the card (which has no terminology) refuses what the cn-patient profile
    // refuses; a test in Bayu.Fhir.Tests pins this list to the shipped cn-region code system.
    private static readonly string[] s_provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
        "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    ];

    /// <summary>The earliest birth date accepted: numbers were issued to people born in the 19th century.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1850, 1, 1);

    /// <summary>The two-digit province prefixes a region code may start with.</summary>
    public static IReadOnlyList<string> ProvincePrefixes => s_provinces;

    /// <summary>Today's date in China (UTC+8, no daylight saving), the day after which a birth date is impossible.</summary>
    public static DateOnly Today(TimeProvider? clock = null) =>
        DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddHours(8));

    /// <summary>True when <paramref name="text"/> is a valid number in canonical form.</summary>
    public static bool IsValid(string? text, DateOnly today) => Parse(text, today).Problem == ResidentIdProblem.None;

    /// <summary>True when <paramref name="text"/> is a valid number in canonical form, judged on today's date in China.</summary>
    public static bool IsValid(string? text) => IsValid(text, Today());

    /// <summary>Parses an 18-character number exactly as given.</summary>
    /// <remarks>
    /// Nothing is trimmed or upper-cased: GB 11643 writes a check value of ten as the Roman
    /// numeral X, and identifier values are matched exactly, so a stored "…x" would not be found
    /// by a search for "…X". Callers that take a person's typing normalise it first.
    /// Legacy 15-digit numbers (first-generation cards, void since 2013) are refused.
    /// </remarks>
    /// <param name="today">Birth dates after this day are impossible.</param>
    public static (ResidentIdNumber? Number, ResidentIdProblem Problem) Parse(string? text, DateOnly today)
    {
        if (text is not { Length: 18 } || text.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') || !(char.IsAsciiDigit(text[17]) || text[17] == 'X'))
        {
            return (null, ResidentIdProblem.Format);
        }
        if (CheckCharacter(text) != text[17])
        {
            return (null, ResidentIdProblem.CheckCharacter);
        }
        // Invariant culture: under a culture with another calendar (th-TH) "yyyy" is not the Gregorian year.
        if (!DateOnly.TryParseExact(text.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
            || birthDate < EarliestBirthDate || birthDate > today)
        {
            return (null, ResidentIdProblem.BirthDate);
        }
        if (!IsKnownProvince(text))
        {
            return (null, ResidentIdProblem.Region);
        }
        return (new ResidentIdNumber(text, text[..6], birthDate, (text[16] - '0') % 2 == 1), ResidentIdProblem.None);
    }

    /// <summary>The check character (ISO 7064 MOD 11-2) of the first 17 characters, which must be digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> number)
    {
        if (number.Length < 17 || number[..17].ContainsAnyExceptInRange('0', '9'))
        {
            throw new ArgumentException("The check character is computed over 17 digits.", nameof(number));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (number[i] - '0') * s_weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>Builds a number; an odd <paramref name="sequence"/> means male, even female.</summary>
    public static string Create(string regionCode, DateOnly birthDate, int sequence)
    {
        ArgumentNullException.ThrowIfNull(regionCode);
        if (regionCode.Length != 6 || regionCode.AsSpan().ContainsAnyExceptInRange('0', '9') || !IsKnownProvince(regionCode))
        {
            throw new ArgumentException("The region code must be 6 digits starting with a GB/T 2260 province.", nameof(regionCode));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(birthDate, EarliestBirthDate);
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999);
        var body = regionCode + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return body + CheckCharacter(body);
    }

    private static bool IsKnownProvince(string code) => Array.IndexOf(s_provinces, code[..2]) >= 0;
}
