namespace Bayu.Crypto.HealthCard;

/// <summary>GB 11643-1999 citizen identity number check (18 characters, last one a check character).</summary>
public static class ResidentIdNumber
{
    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>True when the number has 17 digits, a valid birth date and the right check character.</summary>
    public static bool IsValid(string number)
    {
        if (number.Length != 18)
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(number[i]))
            {
                return false;
            }
            sum += (number[i] - '0') * s_weights[i];
        }
        return char.ToUpperInvariant(number[17]) == CheckCharacters[sum % 11]
            && DateOnly.TryParseExact(number.AsSpan(6, 8), "yyyyMMdd", out _);
    }
}
