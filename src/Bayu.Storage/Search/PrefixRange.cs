using System.Text;

namespace Bayu.Storage.Search;

/// <summary>
/// The strings that start with a prefix, as a range [prefix, successor) in code point order (what
/// PostgreSQL's <c>COLLATE "C"</c> compares, byte by byte over UTF-8, and SQLite's BINARY too).
/// </summary>
internal static class PrefixRange
{
    /// <summary>
    /// The least string greater than every string that starts with <paramref name="prefix"/>: the
    /// prefix with its last code point incremented (dropping trailing U+10FFFF), or null when no
    /// such bound exists (an empty prefix matches everything).
    /// </summary>
    public static string? Successor(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last < 0x10FFFF)
            {
                // Surrogate code points are not characters: step over them.
                var next = last + 1 == 0xD800 ? 0xE000 : last + 1;
                var builder = new StringBuilder(prefix.Length + 1);
                foreach (var rune in runes)
                {
                    builder.Append(rune.ToString());
                }
                return builder.Append(new Rune(next).ToString()).ToString();
            }
        }
        return null;
    }
}
