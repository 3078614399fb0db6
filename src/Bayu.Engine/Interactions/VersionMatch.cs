using System.Globalization;
using Bayu.Engine.Errors;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Engine.Interactions;

/// <summary>
/// An <c>If-Match</c> precondition (RFC 9110 §13.1.1) on FHIR's version ETags: <c>*</c> (any
/// current version) or a list of entity tags such as <c>W/"3", W/"4"</c>. A well-formed tag that
/// is not the current version fails the precondition (412, as R4 §3.1.0.4.3 says), whatever it
/// holds (<c>W/"0"</c>, <c>W/"abc"</c>, <c>W/"99999999999"</c>); only text that is not an entity
/// tag at all is a 400.
/// </summary>
public sealed class VersionMatch
{
    private readonly bool _any;
    private readonly IReadOnlyList<string> _versions;

    private VersionMatch(bool any, IReadOnlyList<string> versions)
    {
        _any = any;
        _versions = versions;
    }

    /// <summary>A precondition on one version (a bundle entry's <c>ifMatch</c> in code).</summary>
    public static VersionMatch Of(int version) => new(false, [version.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>Reads the header; null when it is absent or blank.</summary>
    public static VersionMatch? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var text = header.Trim();
        if (text == "*")
        {
            return new VersionMatch(true, []);
        }
        var versions = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            // RFC 9110 §5.6.1: empty list elements are ignored.
            if (text[i] is ',' or ' ' or '\t')
            {
                i++;
                continue;
            }
            var weak = text.AsSpan(i).StartsWith("W/", StringComparison.Ordinal);
            if (weak)
            {
                i += 2;
            }
            string tag;
            if (i < text.Length && text[i] == '"')
            {
                var close = text.IndexOf('"', i + 1);
                if (close < 0)
                {
                    throw Malformed(header);
                }
                tag = text[(i + 1)..close];
                i = close + 1;
            }
            else
            {
                // A bare version number (5), accepted as clients commonly send it.
                var end = text.IndexOf(',', i);
                tag = (end < 0 ? text[i..] : text[i..end]).Trim();
                i = end < 0 ? text.Length : end;
                if (weak || tag.Length == 0 || !tag.All(char.IsAsciiDigit))
                {
                    throw Malformed(header);
                }
            }
            versions.Add(tag);
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }
            if (i < text.Length && text[i] != ',')
            {
                throw Malformed(header);
            }
        }
        return versions.Count == 0 ? throw Malformed(header) : new VersionMatch(false, versions);
    }

    /// <summary>Whether <paramref name="current"/> (null or deleted: no current version) satisfies the precondition.</summary>
    public bool Matches(StoredResource? current) =>
        current is { Deleted: false } && (_any || _versions.Contains(current.VersionId.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal));

    public override string ToString() => _any ? "*" : string.Join(", ", _versions.Select(v => $"W/\"{v}\""));

    private static FhirError Malformed(string header) =>
        new(FhirErrorKind.Invalid, OperationOutcome.IssueType.Invalid, $"'{header}' is not an If-Match value: expected * or entity tags such as W/\"3\"");
}
