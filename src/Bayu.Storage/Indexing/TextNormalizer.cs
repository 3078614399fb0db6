using System.Globalization;
using System.Text;

namespace Bayu.Storage.Indexing;

/// <summary>
/// String search folding: FHIR string search is case- and accent-insensitive. Decomposing (FormD)
/// and dropping combining marks folds accents; CJK characters have no decomposition, so Chinese
/// text passes through unchanged.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC).Trim();
    }
}
