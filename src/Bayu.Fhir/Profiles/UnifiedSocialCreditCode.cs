namespace Bayu.Fhir.Profiles;

/// <summary>The unified social credit code of organisations (统一社会信用代码, GB 32100-2015).</summary>
public static class UnifiedSocialCreditCode
{
    /// <summary>The 31 characters the code uses (no I, O, S, V, Z); a character's value is its index.</summary>
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] s_weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>True when the code has 18 valid characters and a correct check character.</summary>
    public static bool IsValid(string? code) => code is { Length: 18 } && code.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) && CheckCharacter(code) == code[17];

    /// <summary>The check character of the first 17 characters: 31 − (Σ vᵢ·wᵢ mod 31), 31 → 0.</summary>
    public static char CheckCharacter(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(code[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{code[i]}' is not a character of the unified social credit code.", nameof(code));
            }
            sum += value * s_weights[i];
        }
        return Alphabet[(31 - (sum % 31)) % 31];
    }
}
