using System.Text;
using Bayu.Storage.Indexing;

namespace Bayu.Storage.Tests.Indexing;

/// <summary>
/// <see cref="IndexKey"/> on its own: what a too-long value becomes. Search/LongValueSearchTests
/// checks the same through the store on both providers.
/// </summary>
public sealed class IndexKeyTests
{
    private static string Letters(int length, int seed)
    {
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, length).Select(_ => (char)random.Next('a', 'z' + 1)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("urn:oid:1.2.156")]
    [InlineData("欧阳")]
    public void GivenAValueThatFits_WhenFitted_ThenItIsKeptWhole(string value) =>
        Assert.Same(value, IndexKey.Fit(value));

    [Fact]
    public void GivenNoValue_WhenFitted_ThenThereIsNone() => Assert.Null(IndexKey.Fit(null));

    [Fact]
    public void GivenAValueOfExactlyTheLimit_WhenFitted_ThenItIsKeptWhole()
    {
        var value = Letters(IndexKey.MaxBytes, 1);
        Assert.Equal(value, IndexKey.Fit(value));
        Assert.NotEqual(value + "x", IndexKey.Fit(value + "x"));
    }

    [Fact]
    public void GivenLongValuesThatDifferOnlyAtTheEnd_WhenFitted_ThenTheKeysFitDifferAndStartWithTheValue()
    {
        var common = Letters(3000, 1);
        var a = IndexKey.Fit(common + "a")!;
        var b = IndexKey.Fit(common + "b")!;

        Assert.NotEqual(a, b);
        Assert.Equal(a, IndexKey.Fit(common + "a")); // the same value, the same key: equality still works
        Assert.True(Encoding.UTF8.GetByteCount(a) <= IndexKey.MaxBytes);
        Assert.StartsWith(common[..IndexKey.KeptBytes], a, StringComparison.Ordinal);
        Assert.StartsWith(IndexKey.Searchable(common), a, StringComparison.Ordinal); // a long prefix query still matches
    }

    [Theory]
    [InlineData("欧", 3)] // three UTF-8 bytes
    [InlineData("\U0001F600", 4)] // a surrogate pair
    public void GivenMultiByteCharacters_WhenALongValueIsCut_ThenNoCharacterIsSplit(string character, int bytes)
    {
        var value = string.Concat(Enumerable.Repeat(character, (IndexKey.MaxBytes / bytes) + 10));
        var kept = IndexKey.Searchable(value);

        Assert.Equal(IndexKey.KeptBytes / bytes * character.Length, kept.Length);
        Assert.False(char.IsHighSurrogate(kept[^1]));
        Assert.StartsWith(kept, IndexKey.Fit(value)!, StringComparison.Ordinal);
        Assert.True(Encoding.UTF8.GetByteCount(IndexKey.Fit(value)!) <= IndexKey.MaxBytes);
    }

    [Fact]
    public void GivenAShortQuery_WhenMadeSearchable_ThenItIsUnchanged() =>
        Assert.Equal("zhang", IndexKey.Searchable("zhang"));
}
