using Bayu.Storage.Search;

namespace Bayu.Storage.Tests.Search;

/// <summary>
/// <see cref="PrefixRange"/>: the upper bound of a string prefix as an index range. The plan it
/// gives on PostgreSQL is StringSearchPlanTests'; the answers, SearchTests' and SearchSemanticsTests'.
/// </summary>
public sealed class PrefixRangeTests
{
    [Theory]
    [InlineData("zhang", "zhanh")]
    [InlineData("z", "{")]
    [InlineData("欧", "欨")]
    [InlineData("a\U0010FFFF", "b")] // the last code point has no successor: drop it
    [InlineData("\uD7FF", "\uE000")] // surrogate code points are no characters: stepped over
    [InlineData("a\U0001F600", "a\U0001F601")]
    public void GivenAPrefix_WhenItsSuccessorIsTaken_ThenTheLastCodePointIsIncremented(string prefix, string successor) =>
        Assert.Equal(successor, PrefixRange.Successor(prefix));

    [Theory]
    [InlineData("")]
    [InlineData("\U0010FFFF\U0010FFFF")]
    public void GivenAPrefixWithNoUpperBound_WhenItsSuccessorIsTaken_ThenThereIsNone(string prefix) =>
        Assert.Null(PrefixRange.Successor(prefix));

    [Theory]
    [InlineData("zha", "zhang", true)]
    [InlineData("zha", "zha", true)]
    [InlineData("zha", "zhb", false)]
    [InlineData("zha", "zh", false)]
    [InlineData("50%", "50%_off", true)]
    [InlineData("欧", "欧阳", true)]
    public void GivenAString_WhenComparedToTheRange_ThenItIsInsideExactlyWhenItStartsWithThePrefix(string prefix, string value, bool inside)
    {
        var successor = PrefixRange.Successor(prefix)!;
        Assert.Equal(inside, string.CompareOrdinal(prefix, value) <= 0 && string.CompareOrdinal(value, successor) < 0);
    }
}
