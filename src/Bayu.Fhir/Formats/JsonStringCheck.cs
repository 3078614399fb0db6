using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>
/// Checks one JSON string token against <see cref="ParseLimits"/> and against the characters XML
/// 1.0 cannot carry (controls other than tab, CR and LF; U+FFFE and U+FFFF): FHIR strings SHOULD NOT
/// contain them (R4 §2.24.0.1), JSON can only bring them in as escapes, and a resource holding one
/// could be stored but never served as XML.
/// </summary>
internal static class JsonStringCheck
{
    public readonly record struct StringProblem(OperationOutcome.IssueType Code, string Message);

    public static StringProblem? Problem(ref Utf8JsonReader reader, ParseLimits limits, bool unbounded)
    {
        if (!limits.ChecksStrings)
        {
            // Reading back what Bayu stored: it was checked on the way in.
            return null;
        }
        var raw = reader.ValueSpan;
        if (!unbounded && raw.Length > limits.MaxStringLength)
        {
            // Escapes and multi-byte characters make the raw length an upper bound; count exactly only here.
            long length = reader.ValueIsEscaped ? reader.GetString()!.Length : Encoding.UTF8.GetCharCount(raw);
            if (length > limits.MaxStringLength)
            {
                return new StringProblem(OperationOutcome.IssueType.TooLong, limits.StringMessage(length));
            }
        }
        var bad = reader.ValueIsEscaped ? FirstBadEscape(raw) : -1;
        if (bad < 0)
        {
            bad = FirstNonCharacter(raw);
        }
        return bad < 0
            ? null
            : new StringProblem(OperationOutcome.IssueType.Invalid,
                $"A string contains the character U+{bad:X4}, which FHIR strings should not contain and XML cannot carry (FHIR R4 §2.24.0.1).");
    }

    /// <summary>The first escaped code point XML cannot carry, or -1.</summary>
    private static int FirstBadEscape(ReadOnlySpan<byte> raw)
    {
        for (var i = raw.IndexOf((byte)'\\'); i >= 0 && i < raw.Length - 1;)
        {
            var code = raw[i + 1] switch
            {
                (byte)'b' => 0x08,
                (byte)'f' => 0x0C,
                (byte)'u' when i + 5 < raw.Length => Hex(raw.Slice(i + 2, 4)),
                _ => -1,
            };
            if (code is >= 0 and < 0x20 and not (0x09 or 0x0A or 0x0D) or 0xFFFE or 0xFFFF)
            {
                return code;
            }
            var step = raw[i + 1] == (byte)'u' ? 6 : 2;
            var next = raw[(i + step)..].IndexOf((byte)'\\');
            i = next < 0 ? -1 : i + step + next;
        }
        return -1;
    }

    /// <summary>U+FFFE or U+FFFF written as raw UTF-8 (EF BF BE, EF BF BF), or -1.</summary>
    private static int FirstNonCharacter(ReadOnlySpan<byte> raw)
    {
        for (var i = raw.IndexOf((byte)0xEF); i >= 0 && i + 2 < raw.Length; )
        {
            if (raw[i + 1] == 0xBF && raw[i + 2] is 0xBE or 0xBF)
            {
                return raw[i + 2] == 0xBE ? 0xFFFE : 0xFFFF;
            }
            var next = raw[(i + 1)..].IndexOf((byte)0xEF);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return -1;
    }

    private static int Hex(ReadOnlySpan<byte> digits)
    {
        var value = 0;
        foreach (var d in digits)
        {
            var v = d switch
            {
                >= (byte)'0' and <= (byte)'9' => d - '0',
                >= (byte)'a' and <= (byte)'f' => d - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => d - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                return -1;
            }
            value = (value * 16) + v;
        }
        return value;
    }
}
