using Bayu.Storage.Demo;

namespace Bayu.Cli.Tests.Demo;

public class IdentifierCheckTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440524188001010014")]
    public void GivenPublishedResidentIdNumbers_WhenChecked_ThenTheyAreValid(string number) =>
        Assert.True(ResidentIdNumber.IsValid(number));

    [Theory]
    [InlineData("110105194912310021")] // wrong check character
    [InlineData("11010519491331002X")] // month 13
    [InlineData("1101051949123100")] // too short
    [InlineData("11010519A91231002X")] // letter in the body
    public void GivenBrokenResidentIdNumbers_WhenChecked_ThenTheyAreRefused(string number) =>
        Assert.False(ResidentIdNumber.IsValid(number));

    [Fact]
    public void GivenRegionBirthDateAndSequence_WhenCreated_ThenThePublishedNumberComesBack() =>
        Assert.Equal("11010519491231002X", ResidentIdNumber.Create("110105", new DateOnly(1949, 12, 31), 2));

    [Fact]
    public void GivenAnInvalidRegionCode_WhenCreatingAResidentId_ThenItIsRefused() =>
        Assert.Throws<ArgumentException>(() => ResidentIdNumber.Create("5001", new DateOnly(2000, 1, 1), 1));

    [Fact]
    public void GivenThePublishedCreditCode_WhenCreatedFromItsParts_ThenItMatches() =>
        Assert.Equal("91350100M000100Y43", SocialCreditCode.Create("91", "350100", "M000100Y"));

    [Fact]
    public void GivenThePublishedCreditCode_WhenChecked_ThenItIsValid() =>
        Assert.True(SocialCreditCode.IsValid("91350100M000100Y43"));

    [Theory]
    [InlineData("91350100M000100Y44")] // wrong check character
    [InlineData("91350100M000100Y4")] // too short
    [InlineData("91350100M000100I43")] // I is not in the alphabet
    public void GivenBrokenCreditCodes_WhenChecked_ThenTheyAreRefused(string code) =>
        Assert.False(SocialCreditCode.IsValid(code));
}
