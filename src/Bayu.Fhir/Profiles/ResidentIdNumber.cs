using System.Globalization;

namespace Bayu.Fhir.Profiles;

/// <summary>What is wrong with a resident ID number, if anything.</summary>
public enum ResidentIdProblem
{
    None,
    Format,
    CheckCharacter,
    BirthDate,
}

/// <summary>A parsed resident identity card number (居民身份证号码, GB 11643-1999).</summary>
/// <param name="Number">The number as given, upper-cased.</param>
/// <param name="RegionCode">The 6-digit GB/T 2260 code of the place of first registration.</param>
/// <param name="IsMale">The sequence number is odd for men and even for women.</param>
public sealed record ResidentIdNumber(string Number, string RegionCode, DateOnly BirthDate, bool IsMale)
{
    private static readonly int[] s_weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>The earliest birth date accepted: numbers were issued to people born in the 19th century.</summary>
    public static readonly DateOnly EarliestBirthDate = new(1850, 1, 1);

    /// <summary>Parses an 18-character number, or a legacy 15-digit one (which has no check character).</summary>
    /// <param name="today">Birth dates after this day are impossible.</param>
    public static (ResidentIdNumber? Number, ResidentIdProblem Problem) Parse(string? text, DateOnly today)
    {
        if (text is null)
        {
            return (null, ResidentIdProblem.Format);
        }
        var number = text.Trim().ToUpperInvariant();
        string birth;
        string sequence;
        if (number.Length == 15 && number.All(char.IsAsciiDigit))
        {
            // Legacy numbers carry a 2-digit year of the 1900s and no check character.
            birth = "19" + number[6..12];
            sequence = number[12..15];
        }
        else if (number.Length == 18 && number[..17].All(char.IsAsciiDigit) && (char.IsAsciiDigit(number[17]) || number[17] == 'X'))
        {
            if (CheckCharacter(number) != number[17])
            {
                return (null, ResidentIdProblem.CheckCharacter);
            }
            birth = number[6..14];
            sequence = number[14..17];
        }
        else
        {
            return (null, ResidentIdProblem.Format);
        }
        if (!DateOnly.TryParseExact(birth, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birthDate)
            || birthDate < EarliestBirthDate || birthDate > today)
        {
            return (null, ResidentIdProblem.BirthDate);
        }
        return (new ResidentIdNumber(number, number[..6], birthDate, (sequence[2] - '0') % 2 == 1), ResidentIdProblem.None);
    }

    /// <summary>The GB 11643-1999 check character (ISO 7064 MOD 11-2) of the first 17 digits.</summary>
    public static char CheckCharacter(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (number[i] - '0') * s_weights[i];
        }
        return CheckCharacters[sum % 11];
    }
}
