using System.Text;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>
/// Makes text that quotes client input safe to serialise: a diagnostic such as "'\0' is not a
/// valid date" or one naming a lone surrogate from <c>&amp;#xD800;</c> would otherwise make the XML
/// (and JSON) writers throw while the error itself is being reported. Such characters are written
/// out as <c>\uXXXX</c>, which keeps the diagnostic precise.
/// </summary>
public static class DiagnosticText
{
    public static string Safe(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = FirstUnsafe(text);
        if (first < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (IsUnsafe(c))
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Makes every diagnostic and details text of an outcome safe, in place.</summary>
    public static OperationOutcome Safe(OperationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        foreach (var issue in outcome.Issue)
        {
            if (issue.Diagnostics is { } diagnostics)
            {
                issue.Diagnostics = Safe(diagnostics);
            }
            if (issue.Details?.Text is { } text)
            {
                issue.Details.Text = Safe(text);
            }
        }
        return outcome;
    }

    private static int FirstUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (IsUnsafe(c))
            {
                return i;
            }
        }
        return -1;
    }

    // Controls XML 1.0 cannot carry, the two non-characters, and any surrogate not in a pair.
    private static bool IsUnsafe(char c) =>
        c is < '\u0020' and not ('\t' or '\n' or '\r') or '\uFFFE' or '\uFFFF' || char.IsSurrogate(c);
}
