using Bayu.Crypto.Identifiers;

namespace Bayu.Crypto.HealthCard;

/// <summary>
/// An identity document that a health card is bound to: a two-digit type code from the national
/// code table for identity documents (WS 364.3 CV02.01.101: 01 resident ID card, 02 household register,
/// 03 passport, … 99 other) and the document number.
/// </summary>
public sealed record IdentityDocument
{
    /// <summary>Type code of the resident identity card (居民身份证).</summary>
    public const string ResidentIdCard = "01";

    private IdentityDocument(string typeCode, string number)
    {
        TypeCode = typeCode;
        Number = number;
    }

    /// <summary>Two-digit document type code.</summary>
    public string TypeCode { get; }

    /// <summary>Normalised document number (trimmed, upper case).</summary>
    public string Number { get; }

    /// <summary>
    /// Validates and normalises; a resident ID number must pass the same GB 11643 check as the
    /// cn-patient profile (<see cref="ResidentIdNumber"/>), after trimming and upper-casing.
    /// </summary>
    /// <param name="today">Birth dates after this day are impossible; default: today in China.</param>
    public static IdentityDocument Create(string typeCode, string number, DateOnly? today = null)
    {
        if (typeCode is not { Length: 2 } || !char.IsAsciiDigit(typeCode[0]) || !char.IsAsciiDigit(typeCode[1]))
        {
            throw new ArgumentException($"Document type code '{typeCode}' is not two digits.", nameof(typeCode));
        }
        var normalised = number.Trim().ToUpperInvariant();
        if (normalised.Length is 0 or > 64 || normalised.Any(c => c is '|' || char.IsControl(c)))
        {
            throw new ArgumentException("Document number is empty, too long or contains control characters.", nameof(number));
        }
        if (typeCode == ResidentIdCard)
        {
            // The message names the rule, never the number: it ends up in logs and on the console.
            var problem = ResidentIdNumber.Parse(normalised, today ?? ResidentIdNumber.Today()).Problem;
            var reason = problem switch
            {
                ResidentIdProblem.None => null,
                ResidentIdProblem.Format => "is not 17 digits followed by a digit or X",
                ResidentIdProblem.CheckCharacter => "has a wrong check character",
                ResidentIdProblem.BirthDate => "contains an impossible birth date",
                _ => "does not start with a GB/T 2260 province code",
            };
            if (reason is not null)
            {
                throw new ArgumentException($"Resident ID number {reason} (GB 11643).", nameof(number));
            }
        }
        return new IdentityDocument(typeCode, normalised);
    }

    /// <summary>The string the card ID encrypts: type code followed by number.</summary>
    internal string Canonical => TypeCode + Number;

    /// <summary>Masks the number so a document never appears whole in logs.</summary>
    public override string ToString() =>
        $"IdentityDocument({TypeCode}, {Number[..Math.Min(4, Number.Length)]}****)";
}
