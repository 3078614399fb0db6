using System.Security.Cryptography;
using System.Text;

namespace Bayu.Storage.Indexing;

/// <summary>
/// Makes a search value fit an index key. PostgreSQL refuses a B-tree entry above 2,704 bytes
/// (a third of a page), so a 5,000-character identifier or family name failed the whole write
/// with a 500. A value over <see cref="MaxBytes"/> UTF-8 bytes is stored as its first
/// <see cref="KeptBytes"/> bytes, a unit separator and its SHA-256 (written in private-use
/// characters, which folded search text never contains): equality on the key is still equality
/// on the whole value, and a prefix search of up to <see cref="KeptBytes"/> bytes still matches.
/// Both providers store the same keys, so they answer alike.
/// </summary>
public static class IndexKey
{
    /// <summary>Largest value kept whole: two such columns, the type and the parameter stay under PostgreSQL's limit.</summary>
    public const int MaxBytes = 1000;

    /// <summary>How much of a longer value stays searchable by prefix.</summary>
    public const int KeptBytes = 800;

    private const char Separator = '\u001F';
    private const char Digits = '\uE000';

    public static string? Fit(string? value)
    {
        // Fast path: no UTF-16 unit takes more than 3 UTF-8 bytes.
        if (value is null || value.Length * 3 <= MaxBytes || Encoding.UTF8.GetByteCount(value) <= MaxBytes)
        {
            return value;
        }
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        var key = new StringBuilder(KeptBytes + 1 + (hash.Length * 2)).Append(Prefix(value)).Append(Separator);
        foreach (var b in hash)
        {
            key.Append((char)(Digits + (b >> 4))).Append((char)(Digits + (b & 0xF)));
        }
        return key.ToString();
    }

    /// <summary>
    /// The part of a prefix or substring query that a stored key can answer: the query itself when
    /// short, else its first <see cref="KeptBytes"/> bytes (a longer query then also matches values
    /// that agree on those bytes and differ later).
    /// </summary>
    public static string Searchable(string query) =>
        query.Length * 3 <= KeptBytes || Encoding.UTF8.GetByteCount(query) <= KeptBytes ? query : Prefix(query);

    // The longest prefix of at most KeptBytes UTF-8 bytes that does not split a surrogate pair.
    private static string Prefix(string value)
    {
        var bytes = 0;
        var i = 0;
        while (i < value.Length)
        {
            var width = char.IsHighSurrogate(value[i]) && i + 1 < value.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(value.AsSpan(i, width));
            if (bytes + size > KeptBytes)
            {
                break;
            }
            bytes += size;
            i += width;
        }
        return value[..i];
    }
}
