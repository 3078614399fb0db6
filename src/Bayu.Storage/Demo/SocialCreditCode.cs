namespace Bayu.Storage.Demo;

/// <summary>Unified social credit codes (统一社会信用代码) as defined by GB 32100-2015.</summary>
public static class SocialCreditCode
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] OrganizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>
    /// Builds a code from the registration authority and category (e.g. "12" for a public institution,
    /// "91" for a company), the 6-digit region code and an 8-digit organisation code body (GB 11714).
    /// </summary>
    public static string Create(string authorityAndCategory, string regionCode, string organizationCodeBody)
    {
        if (authorityAndCategory.Length != 2 || regionCode.Length != 6 || organizationCodeBody.Length != 8)
        {
            throw new ArgumentException("Expected a 2-character prefix, a 6-digit region code and an 8-character organisation code body.");
        }
        var organizationCode = organizationCodeBody + OrganizationCodeCheck(organizationCodeBody);
        var body = authorityAndCategory + regionCode + organizationCode;
        return body + CheckCharacter(body);
    }

    /// <summary>The GB 11714 check character of an 8-character organisation code body (letters A=10 … Z=35).</summary>
    public static char OrganizationCodeCheck(ReadOnlySpan<char> body8)
    {
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            sum += value * OrganizationCodeWeights[i];
        }
        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var check => (char)('0' + check),
        };
    }

    /// <summary>The GB 32100 check character over the first 17 characters.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> body17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(body17[i]);
            if (value < 0)
            {
                throw new ArgumentException($"'{body17[i]}' is not in the GB 32100 alphabet.", nameof(body17));
            }
            sum += value * Weights[i];
        }
        var check = 31 - (sum % 31);
        return Alphabet[check == 31 ? 0 : check];
    }

    /// <summary>True when the code has 18 characters from the alphabet and the right check character.</summary>
    public static bool IsValid(string code) =>
        code.Length == 18
        && code.All(c => Alphabet.Contains(c))
        && CheckCharacter(code.AsSpan(0, 17)) == code[17];
}
