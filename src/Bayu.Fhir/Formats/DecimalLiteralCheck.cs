using System.Globalization;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Formats;

/// <summary>
/// Finds JSON numbers that the model (System.Decimal: 28-29 significant digits, no exponent)
/// cannot store exactly, so a precision change is reported instead of happening silently.
/// </summary>
/// <remarks>
/// The SDK already keeps trailing zeros (<c>1.50</c> stays <c>1.50</c>) because System.Decimal
/// keeps its scale. What it cannot keep is an exponent (<c>1.0e2</c> becomes <c>100</c>, which
/// claims one more significant digit) or more digits than System.Decimal holds (rounded).
/// </remarks>
internal static class DecimalLiteralCheck
{
    private const int MaxExactDigits = 28;

    /// <summary>A cheap test on the raw literal; most numbers return false without allocating.</summary>
    public static bool MayLosePrecision(ReadOnlySpan<byte> literal)
    {
        if (literal.IndexOfAny((byte)'e', (byte)'E') >= 0)
        {
            return true;
        }
        var digits = 0;
        foreach (var b in literal)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
        }
        return digits > MaxExactDigits;
    }

    /// <summary>Walks the document with its FHIRPath-style location and reports each inexact number.</summary>
    public static void Run(ReadOnlySpan<byte> utf8, JsonReaderOptions options, string? rootType, ParseMode mode, List<OperationOutcome.IssueComponent> issues)
    {
        var reader = new Utf8JsonReader(utf8, options);
        var path = new List<PathStep>();
        string? pendingProperty = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    pendingProperty = reader.GetString();
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    path.Add(Enter(ref pendingProperty, reader.TokenType == JsonTokenType.StartArray));
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    path.RemoveAt(path.Count - 1);
                    NextItem(path);
                    break;
                case JsonTokenType.Number:
                    Report(ref reader, path, pendingProperty, rootType, mode, issues);
                    pendingProperty = null;
                    NextItem(path);
                    break;
                default:
                    pendingProperty = null;
                    NextItem(path);
                    break;
            }
        }
    }

    private static void Report(ref Utf8JsonReader reader, List<PathStep> path, string? property, string? rootType, ParseMode mode, List<OperationOutcome.IssueComponent> issues)
    {
        if (!MayLosePrecision(reader.ValueSpan))
        {
            return;
        }
        var literal = Encoding.UTF8.GetString(reader.ValueSpan);
        var location = Render(path, property, rootType);
        if (!decimal.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var stored))
        {
            // Out of System.Decimal's range: the SDK reports a wrong-type error already.
            return;
        }
        var storedText = stored.ToString(CultureInfo.InvariantCulture);
        var hasExponent = literal.Contains('e', StringComparison.OrdinalIgnoreCase);
        var rounded = hasExponent ? Normalize(literal) != Normalize(storedText) : storedText != literal;
        var severity = rounded && mode == ParseMode.Strict ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning;
        var message = rounded
            ? $"The number {literal} has more significant digits than can be stored exactly; it would be stored as {storedText}."
            : $"The number {literal} uses an exponent, which cannot be kept; it is stored as {storedText}, with a different precision.";
        issues.Add(IssueFactory.Create(severity, OperationOutcome.IssueType.Value, location, message));
    }

    /// <summary>The exact value of a literal as (sign, significant digits, exponent of the first digit).</summary>
    private static (bool Negative, string Digits, int Exponent) Normalize(string literal)
    {
        var parts = literal.Split('e', 'E');
        var exponent = parts.Length > 1 ? int.Parse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : 0;
        var mantissa = parts[0];
        var negative = mantissa.StartsWith('-');
        mantissa = mantissa.TrimStart('-', '+');
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return digits.Length == 0 ? (false, "", 0) : (negative, digits, exponent + integerDigits - leadingZeros);
    }

    private static PathStep Enter(ref string? pendingProperty, bool isArray)
    {
        var step = new PathStep(pendingProperty, isArray);
        pendingProperty = null;
        return step;
    }

    private static void NextItem(List<PathStep> path)
    {
        if (path.Count > 0 && path[^1].IsArray)
        {
            path[^1].Index++;
        }
    }

    private static string Render(List<PathStep> path, string? property, string? rootType)
    {
        var builder = new StringBuilder(rootType ?? "Resource");
        // path[0] is the root object; a contained resource keeps its JSON location.
        for (var i = 1; i < path.Count; i++)
        {
            var step = path[i];
            if (step.Name is not null)
            {
                builder.Append('.').Append(step.Name.TrimStart('_'));
            }
            if (step.IsArray)
            {
                builder.Append('[').Append(step.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        if (property is not null)
        {
            builder.Append('.').Append(property.TrimStart('_'));
        }
        return builder.ToString();
    }

    private sealed class PathStep(string? name, bool isArray)
    {
        public string? Name { get; } = name;
        public bool IsArray { get; } = isArray;
        public int Index { get; set; }
    }
}
