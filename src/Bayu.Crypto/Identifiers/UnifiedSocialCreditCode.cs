namespace Bayu.Crypto.Identifiers;

/// <summary>What is wrong with a unified social credit code, if anything.</summary>
public enum SocialCreditCodeProblem
{
    None,
    Format,
    OrganizationCode,
    CheckCharacter,
}

/// <summary>
/// The unified social credit code of organisations (统一社会信用代码, GB 32100-2015): registration
/// authority (1), institution category (1), GB/T 2260 region code of the registering office (6
/// digits), organisation code per GB 11714 (8 characters and its own check character), and the
/// GB 32100 check character. The one check used by the cn-organization profile and the demo generator.
/// </summary>
/// <remarks>
/// The authority and category characters are only held to the code set: their allocation tables
/// grew after 2015 (law firms 31…, trade unions 81…, village collectives N…) and are not the
/// standard's to freeze. The region code is not looked up, since central bodies register under 100000.
/// </remarks>
public static class UnifiedSocialCreditCode
{
    /// <summary>The 31 characters the code uses (no I, O, S, V, Z); a character's value is its index.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    private static readonly int[] s_organizationCodeWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>True when the code is well formed and both check characters are right.</summary>
    public static bool IsValid(string? code) => Check(code) == SocialCreditCodeProblem.None;

    /// <summary>Checks the code exactly as given (upper case; nothing trimmed).</summary>
    public static SocialCreditCodeProblem Check(string? code)
    {
        if (code is not { Length: 18 } || !code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) || code.AsSpan(2, 6).ContainsAnyExceptInRange('0', '9'))
        {
            return SocialCreditCodeProblem.Format;
        }
        if (OrganizationCodeCheck(code.AsSpan(8, 8)) != code[16])
        {
            return SocialCreditCodeProblem.OrganizationCode;
        }
        return CheckCharacter(code) == code[17] ? SocialCreditCodeProblem.None : SocialCreditCodeProblem.CheckCharacter;
    }

    /// <summary>The GB 32100 check character of the first 17 characters: 31 − (Σ vᵢ·wᵢ mod 31), 31 → 0.</summary>
    public static char CheckCharacter(ReadOnlySpan<char> code)
    {
        if (code.Length < 17)
        {
            throw new ArgumentException("The check character is computed over 17 characters.", nameof(code));
        }
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += ValueOf(code[i], nameof(code)) * s_weights[i];
        }
        return Alphabet[(31 - (sum % 31)) % 31];
    }

    /// <summary>The GB 11714 check character (0-9 or X) of an 8-character organisation code body.</summary>
    public static char OrganizationCodeCheck(ReadOnlySpan<char> body)
    {
        if (body.Length < 8)
        {
            throw new ArgumentException("The organisation code check is computed over 8 characters.", nameof(body));
        }
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            // GB 11714 values letters A=10 … Z=35 (not their index in the GB 32100 code set).
            var c = body[i];
            _ = ValueOf(c, nameof(body));
            sum += (char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10) * s_organizationCodeWeights[i];
        }
        return (11 - (sum % 11)) switch
        {
            10 => 'X',
            11 => '0',
            var check => (char)('0' + check),
        };
    }

    /// <summary>
    /// Builds a code from the registration authority and category (e.g. "12" for a public institution,
    /// "91" for a company), the 6-digit region code and an 8-character organisation code body.
    /// </summary>
    public static string Create(string authorityAndCategory, string regionCode, string organizationCodeBody)
    {
        ArgumentNullException.ThrowIfNull(authorityAndCategory);
        ArgumentNullException.ThrowIfNull(regionCode);
        ArgumentNullException.ThrowIfNull(organizationCodeBody);
        if (authorityAndCategory.Length != 2 || regionCode.Length != 6 || organizationCodeBody.Length != 8)
        {
            throw new ArgumentException("Expected a 2-character prefix, a 6-digit region code and an 8-character organisation code body.");
        }
        var body = authorityAndCategory + regionCode + organizationCodeBody + OrganizationCodeCheck(organizationCodeBody);
        var code = body + CheckCharacter(body);
        return Check(code) == SocialCreditCodeProblem.None
            ? code
            : throw new ArgumentException($"'{body}' has characters outside the GB 32100 code set or a region code that is not 6 digits.");
    }

    private static int ValueOf(char c, string parameter)
    {
        var value = Alphabet.IndexOf(c, StringComparison.Ordinal);
        return value >= 0 ? value : throw new ArgumentException($"'{c}' is not a character of the unified social credit code.", parameter);
    }
}
