using Bayu.Crypto.Identifiers;

namespace Bayu.Crypto.Tests.Identifiers;

// The one GB 11643-1999 check, merged from the tests of the card's, the profile's and the demo
// generator's former copies.
public class ResidentIdNumberTests
{
    private static readonly DateOnly s_today = new(2025, 6, 1);

    [Theory]
    [InlineData("11010519491231002X", "110105", "1949-12-31", false)] // the standard's own example
    [InlineData("440524188001010014", "440524", "1880-01-01", true)] // a retired county code stays valid for life
    [InlineData("500103198010100013", "500103", "1980-10-10", true)]
    public void GivenValidNumbers_WhenParsed_ThenFieldsAreRead(string text, string region, string birth, bool male)
    {
        var (number, problem) = ResidentIdNumber.Parse(text, s_today);

        Assert.Equal(ResidentIdProblem.None, problem);
        Assert.Equal(text, number!.Number);
        Assert.Equal(region, number.RegionCode);
        Assert.Equal(DateOnly.ParseExact(birth, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), number.BirthDate);
        Assert.Equal(male, number.IsMale);
        Assert.True(ResidentIdNumber.IsValid(text, s_today));
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("11010519491231002Y")] // Y is no check character at all: a format error, not a wrong one
    [InlineData("440524188001010015")]
    public void GivenAWrongCheckCharacter_WhenParsed_ThenRefused(string text) =>
        Assert.NotEqual(ResidentIdProblem.None, ResidentIdNumber.Parse(text, s_today).Problem);

    [Fact]
    public void GivenTheStandardsExampleWithADigitChanged_WhenParsed_ThenTheCheckCharacterIsNamed() =>
        Assert.Equal(ResidentIdProblem.CheckCharacter, ResidentIdNumber.Parse("110105194912310021", s_today).Problem);

    [Fact]
    public void GivenALowercaseX_WhenParsed_ThenRefusedAsNotCanonical()
    {
        // GB 11643 writes ten as the Roman numeral X; identifier values are matched exactly, so the
        // check takes the canonical form only and input forms (the card) upper-case first.
        Assert.Equal(ResidentIdProblem.Format, ResidentIdNumber.Parse("11010519491231002x", s_today).Problem);
        Assert.Equal(ResidentIdProblem.None, ResidentIdNumber.Parse("11010519491231002X", s_today).Problem);
    }

    [Theory]
    [InlineData("990105194912310023")] // 99: no such province
    [InlineData("710105194912310021")] // 71 (Taiwan) is not in the GB/T 2260 table the platform ships
    [InlineData("810000198010100011")] // 81 (Hong Kong): residence permits, not resident ID cards
    public void GivenAnUnknownProvince_WhenParsed_ThenTheRegionIsNamed(string text) =>
        Assert.Equal(ResidentIdProblem.Region, ResidentIdNumber.Parse(text, s_today).Problem);

    [Theory]
    [InlineData("110105199902300023")] // 30 February 1999
    [InlineData("11010519491331002X")] // month 13, check character of the original number
    [InlineData("110105299901010014")] // 2999: in the future
    [InlineData("11010520251231001X")] // later in the same year as "today"
    [InlineData("110105184912310012")] // before 1850
    public void GivenAnImpossibleOrFutureBirthDate_WhenParsed_ThenRefused(string text) =>
        Assert.NotEqual(ResidentIdProblem.None, ResidentIdNumber.Parse(text, s_today).Problem);

    [Theory]
    [InlineData("110105199902300023")]
    [InlineData("110105299901010014")]
    [InlineData("11010520251231001X")]
    [InlineData("110105184912310012")]
    public void GivenACorrectCheckCharacterButAnImpossibleBirthDate_WhenParsed_ThenTheBirthDateIsNamed(string text) =>
        Assert.Equal(ResidentIdProblem.BirthDate, ResidentIdNumber.Parse(text, s_today).Problem);

    [Fact]
    public void GivenTheEarliestBirthDateAndToday_WhenParsed_ThenBothAccepted()
    {
        Assert.True(ResidentIdNumber.IsValid("110105185001010013", s_today));
        Assert.True(ResidentIdNumber.IsValid(ResidentIdNumber.Create("110105", s_today, 1), s_today));
        Assert.False(ResidentIdNumber.IsValid(ResidentIdNumber.Create("110105", s_today.AddDays(1), 1), s_today));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("11010519491231002")] // 17
    [InlineData("11010519491231002X0")] // 19
    [InlineData("110105491231002")] // legacy 15-digit number: first-generation cards are void since 2013
    [InlineData(" 11010519491231002X")] // not trimmed: the check takes the value as stored
    [InlineData("1101051949123100ZX")]
    [InlineData("11010519A91231002X")] // letter in the body
    [InlineData("１１０１０５１９４９１２３１００２X")] // full-width digits are not ASCII digits
    public void GivenTheWrongLengthOrCharacters_WhenParsed_ThenAFormatError(string? text) =>
        Assert.Equal(ResidentIdProblem.Format, ResidentIdNumber.Parse(text, s_today).Problem);

    [Fact]
    public void GivenAThaiCalendarCulture_WhenParsed_ThenTheYearIsStillGregorian()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("th-TH");
            Assert.True(ResidentIdNumber.IsValid("11010519491231002X", s_today));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void GivenRegionBirthDateAndSequence_WhenCreated_ThenThePublishedNumberComesBack() =>
        Assert.Equal("11010519491231002X", ResidentIdNumber.Create("110105", new DateOnly(1949, 12, 31), 2));

    [Theory]
    [InlineData("5001")]
    [InlineData("99010A")]
    [InlineData("990105")]
    public void GivenAnInvalidRegionCode_WhenCreating_ThenRefused(string region) =>
        Assert.ThrowsAny<ArgumentException>(() => ResidentIdNumber.Create(region, new DateOnly(2000, 1, 1), 1));

    [Fact]
    public void GivenASequenceOutOfRange_WhenCreating_ThenRefused() =>
        Assert.ThrowsAny<ArgumentException>(() => ResidentIdNumber.Create("110105", new DateOnly(2000, 1, 1), 1000));

    [Fact]
    public void GivenChinaIsAlreadyOnTheNextDay_WhenTodayIsAsked_ThenItIsChinasDate()
    {
        var clock = new FixedClock(new DateTimeOffset(2025, 5, 31, 17, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2025, 6, 1), ResidentIdNumber.Today(clock));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
