using Bayu.Fhir.Profiles;

namespace Bayu.Fhir.Tests.Profiles;

public class IdentifierCheckTests
{
    private static readonly DateOnly s_today = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X", "110105", "1949-12-31", false)]
    [InlineData("440524188001010014", "440524", "1880-01-01", true)]
    public void GivenPublishedResidentIds_WhenParsed_ThenFieldsAreRead(string text, string region, string birth, bool male)
    {
        var (number, problem) = ResidentIdNumber.Parse(text, s_today);
        Assert.Equal(ResidentIdProblem.None, problem);
        Assert.Equal(region, number!.RegionCode);
        Assert.Equal(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), number.BirthDate);
        Assert.Equal(male, number.IsMale);
    }

    [Theory]
    [InlineData("110105194912310021", ResidentIdProblem.CheckCharacter)]
    [InlineData("11010519491231002", ResidentIdProblem.Format)]
    [InlineData("1101051949123100ZX", ResidentIdProblem.Format)]
    [InlineData("110105491231002", ResidentIdProblem.None)]
    [InlineData("110105491331002", ResidentIdProblem.BirthDate)]
    public void GivenMalformedOrLegacyNumbers_WhenParsed_ThenProblemIsNamed(string text, ResidentIdProblem expected) =>
        Assert.Equal(expected, ResidentIdNumber.Parse(text, s_today).Problem);

    [Fact]
    public void GivenPublishedUscc_WhenChecked_ThenValidAndOtherCheckCharactersAreNot()
    {
        Assert.True(UnifiedSocialCreditCode.IsValid("91350100M000100Y43"));
        Assert.False(UnifiedSocialCreditCode.IsValid("91350100M000100Y44"));
        Assert.False(UnifiedSocialCreditCode.IsValid("91350100M000100I43"));
        Assert.False(UnifiedSocialCreditCode.IsValid("91350100M000100Y4"));
    }
}
