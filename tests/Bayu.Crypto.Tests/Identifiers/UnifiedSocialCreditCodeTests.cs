using Bayu.Crypto.Identifiers;

namespace Bayu.Crypto.Tests.Identifiers;

// The one GB 32100-2015 check, merged from the tests of the profile's and the demo generator's former copies.
public class UnifiedSocialCreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91330100799655058B")]
    [InlineData("9144030071526726XG")] // organisation code check character X
    public void GivenValidCodes_WhenChecked_ThenValid(string code)
    {
        Assert.Equal(SocialCreditCodeProblem.None, UnifiedSocialCreditCode.Check(code));
        Assert.True(UnifiedSocialCreditCode.IsValid(code));
    }

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91330100799655058C")]
    public void GivenAWrongCheckCharacter_WhenChecked_ThenTheCheckCharacterIsNamed(string code) =>
        Assert.Equal(SocialCreditCodeProblem.CheckCharacter, UnifiedSocialCreditCode.Check(code));

    [Fact]
    public void GivenAWrongOrganisationCodeCheckUnderACorrectOverallCheck_WhenChecked_ThenTheOrganisationCodeIsNamed()
    {
        // The former checks only looked at the last character; position 17 is GB 11714's own check.
        Assert.Equal('6', UnifiedSocialCreditCode.CheckCharacter("91350100M000100Y5"));
        Assert.Equal(SocialCreditCodeProblem.OrganizationCode, UnifiedSocialCreditCode.Check("91350100M000100Y56"));
    }

    [Theory]
    [InlineData("91350100M000100I43")] // I
    [InlineData("91350100M000100O43")] // O
    [InlineData("91350100M000100Z43")] // Z
    [InlineData("91350100M000100S43")] // S
    [InlineData("91350100M000100V43")] // V
    [InlineData("91350100m000100y43")] // lower case is not in the code set
    public void GivenAnExcludedLetter_WhenChecked_ThenAFormatError(string code) =>
        Assert.Equal(SocialCreditCodeProblem.Format, UnifiedSocialCreditCode.Check(code));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("91350100M000100Y4")] // 17
    [InlineData("91350100M000100Y430")] // 19
    [InlineData("9135010AM000100Y4K")] // a letter in the region code, with a matching check character
    public void GivenTheWrongLengthOrRegion_WhenChecked_ThenAFormatError(string? code) =>
        Assert.Equal(SocialCreditCodeProblem.Format, UnifiedSocialCreditCode.Check(code));

    [Fact]
    public void GivenTheExampleCode_WhenCreatedFromItsParts_ThenItMatches() =>
        Assert.Equal("91350100M000100Y43", UnifiedSocialCreditCode.Create("91", "350100", "M000100Y"));

    [Theory]
    [InlineData("91", "3501", "M000100Y")]
    [InlineData("91", "35010A", "M000100Y")]
    [InlineData("91", "350100", "M000100I")]
    public void GivenBadParts_WhenCreating_ThenRefused(string prefix, string region, string body) =>
        Assert.ThrowsAny<ArgumentException>(() => UnifiedSocialCreditCode.Create(prefix, region, body));

    [Fact]
    public void GivenAnyGeneratedCode_WhenChecked_ThenValid()
    {
        for (var ordinal = 0; ordinal < 2_000; ordinal++)
        {
            var code = UnifiedSocialCreditCode.Create("12", "500103", (45_000_000 + ordinal).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(UnifiedSocialCreditCode.IsValid(code), code);
        }
    }
}
