using Bayu.Crypto.Identifiers;
using Bayu.Fhir.Terminology;
using Bayu.Fhir.Validation;
using Hl7.Fhir.Model;
using static Hl7.Fhir.Model.OperationOutcome;

namespace Bayu.Fhir.Profiles;

/// <summary>
/// Checks the Chinese identifiers a StructureDefinition cannot: check characters, region codes,
/// and that a patient's birth date and sex agree with the resident ID number.
/// </summary>
/// <remarks>
/// It runs on every resource, whatever profile it claims: a wrong check character is wrong
/// everywhere, and the platform's data-quality pass rate counts it.
/// </remarks>
public sealed class ChineseIdentifierRule(TerminologyService terminology, Func<DateOnly>? today = null) : IResourceRule
{
    private readonly Func<DateOnly> _today = today ?? (() => ResidentIdNumber.Today());

    public IEnumerable<IssueComponent> Check(Resource resource, string path)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var identifiers = resource switch
        {
            Patient p => p.Identifier,
            Organization o => o.Identifier,
            Practitioner pr => pr.Identifier,
            _ => null,
        };
        if (identifiers is null)
        {
            yield break;
        }
        for (var i = 0; i < identifiers.Count; i++)
        {
            var identifier = identifiers[i];
            var at = $"{path}.identifier[{i}].value";
            var issues = identifier.System switch
            {
                BayuProfiles.ResidentIdSystem or BayuProfiles.ResidentIdOid => CheckResidentId(resource, identifier.Value, at),
                BayuProfiles.UsccSystem => CheckUscc(identifier.Value, at),
                BayuProfiles.EhrNumberSystem or BayuProfiles.EhrNumberOid => CheckEhrNumber(identifier.Value, at),
                BayuProfiles.PractitionerLicenceSystem => CheckLicence(identifier.Value, at),
                _ => [],
            };
            foreach (var issue in issues)
            {
                yield return issue;
            }
        }
    }

    private IEnumerable<IssueComponent> CheckResidentId(Resource resource, string? value, string at)
    {
        var (number, problem) = ResidentIdNumber.Parse(value, _today());
        switch (problem)
        {
            case ResidentIdProblem.Format:
                yield return Error(at, "cn-resident-id", $"Resident ID number '{value}' must have 18 characters: 17 digits and a digit or upper-case X.");
                yield break;
            case ResidentIdProblem.CheckCharacter:
                yield return Error(at, "cn-resident-id", $"Resident ID number '{value}' has a wrong check character: expected '{ResidentIdNumber.CheckCharacter(value!)}' (GB 11643-1999).");
                yield break;
            case ResidentIdProblem.BirthDate:
                yield return Error(at, "cn-resident-id", $"Resident ID number '{value}' contains an impossible birth date.");
                yield break;
            case ResidentIdProblem.Region:
                // The shared check knows the provinces, so the health card refuses the same numbers.
                yield return Error(at, "cn-region", $"Resident ID number: region code {value![..6]} is not a GB/T 2260 region code.");
                yield break;
            default:
                break;
        }
        // A county code missing from the table under a known province is only a warning.
        foreach (var issue in CheckRegion(number!.RegionCode, at, "Resident ID number"))
        {
            yield return issue;
        }
        if (resource is not Patient patient)
        {
            yield break;
        }
        var recordPath = at[..at.IndexOf(".identifier[", StringComparison.Ordinal)];
        if (patient.BirthDate is { } birthDate && birthDate != number.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
        {
            yield return Error(recordPath + ".birthDate", "cn-resident-id-birthdate",
                $"Birth date {birthDate} does not match the birth date {number.BirthDate:yyyy-MM-dd} in resident ID number '{number.Number}'.");
        }
        if (patient.Gender is AdministrativeGender.Male or AdministrativeGender.Female && (patient.Gender == AdministrativeGender.Male) != number.IsMale)
        {
            yield return Error(recordPath + ".gender", "cn-resident-id-gender",
                $"Gender '{patient.Gender.ToString()!.ToLowerInvariant()}' does not match resident ID number '{number.Number}', whose sequence digit says {(number.IsMale ? "male" : "female")}.");
        }
    }

    private IEnumerable<IssueComponent> CheckRegion(string regionCode, string at, string what)
    {
        if (terminology.Lookup(BayuProfiles.RegionSystem, regionCode) is not null)
        {
            yield break;
        }
        // Numbers keep the code of the place of first registration for life, and divisions are
        // renamed or merged; a retired county code under a known province is plausible, an
        // unknown province is not.
        if (terminology.Lookup(BayuProfiles.RegionSystem, regionCode[..2] + "0000") is not null)
        {
            yield return ValidationIssue.Create(IssueSeverity.Warning, IssueType.CodeInvalid, at, "cn-region",
                $"{what}: region code {regionCode} is not in the current GB/T 2260 table (it may be a retired code of province {regionCode[..2]}0000).");
        }
        else
        {
            yield return Error(at, "cn-region", $"{what}: region code {regionCode} is not a GB/T 2260 region code.");
        }
    }

    private static IEnumerable<IssueComponent> CheckUscc(string? value, string at)
    {
        switch (UnifiedSocialCreditCode.Check(value))
        {
            case SocialCreditCodeProblem.Format:
                yield return Error(at, "cn-uscc", $"Unified social credit code '{value}' must have 18 characters from {UnifiedSocialCreditCode.Alphabet}, with a 6-digit region code in positions 3-8.");
                break;
            case SocialCreditCodeProblem.OrganizationCode:
                yield return Error(at, "cn-uscc", $"Unified social credit code '{value}' has a wrong organisation code check character in position 17: expected '{UnifiedSocialCreditCode.OrganizationCodeCheck(value.AsSpan(8, 8))}' (GB 11714).");
                break;
            case SocialCreditCodeProblem.CheckCharacter:
                yield return Error(at, "cn-uscc", $"Unified social credit code '{value}' has a wrong check character: expected '{UnifiedSocialCreditCode.CheckCharacter(value)}' (GB 32100-2015).");
                break;
            default:
                break;
        }
    }

    private IEnumerable<IssueComponent> CheckEhrNumber(string? value, string at)
    {
        if (value is not { Length: 17 } || !value.All(char.IsAsciiDigit))
        {
            return [Error(at, "cn-ehr-number", $"Health record number '{value}' must have 17 digits.")];
        }
        return CheckRegion(value[..6], at, "Health record number");
    }

    private static IEnumerable<IssueComponent> CheckLicence(string? value, string at)
    {
        // 执业证书编码 are 15 digits (physicians) or 12 digits (older nurse certificates).
        if (value is not ({ Length: 15 } or { Length: 12 }) || !value.All(char.IsAsciiDigit))
        {
            yield return Error(at, "cn-practitioner-licence", $"Practitioner licence number '{value}' must have 15 digits (or 12 for older certificates).");
        }
    }

    private static IssueComponent Error(string at, string rule, string message) =>
        ValidationIssue.Create(IssueSeverity.Error, IssueType.BusinessRule, at, rule, message);
}
