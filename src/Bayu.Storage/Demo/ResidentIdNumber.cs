using System.Globalization;

namespace Bayu.Storage.Demo;

/// <summary>Resident identity card numbers (居民身份证号码) as defined by GB 11643-1999.</summary>
public static class ResidentIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Builds an 18-character number; an odd <paramref name="sequence"/> means male, even female.</summary>
    public static string Create(string regionCode, DateOnly birthDate, int sequence)
    {
        if (regionCode.Length != 6 || !regionCode.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("The region code must be 6 digits.", nameof(regionCode));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(sequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sequence, 999);
        var body = regionCode + birthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + sequence.ToString("D3", CultureInfo.InvariantCulture);
        return body + CheckCharacter(body);
    }

    /// <summary>The check character for the first 17 digits.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> body17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (body17[i] - '0') * Weights[i];
        }
        return CheckCharacters[sum % 11];
    }

    /// <summary>True when the number has 17 digits, a valid birth date and the right check character.</summary>
    public static bool IsValid(string number) =>
        number.Length == 18
        && number.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9') is false
        && DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
        && CheckCharacter(number.AsSpan(0, 17)) == char.ToUpperInvariant(number[17]);

    /// <summary>True for male numbers (odd sequence digit).</summary>
    public static bool IsMale(string number) => (number[16] - '0') % 2 == 1;

    public static DateOnly BirthDate(string number) =>
        DateOnly.ParseExact(number.AsSpan(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture);
}
