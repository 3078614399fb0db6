using System.Globalization;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Units;
using Bayu.Storage.Indexing;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Search;

/// <summary>
/// Parses FHIR search parameters (<c>name[:modifier]=[prefix]value[,value]</c>) against the R4
/// definitions into a <see cref="SearchQuery"/>. Strict by default: anything unknown or malformed
/// throws <see cref="SearchParameterException"/>; lenient handling records and skips it.
/// </summary>
public sealed class SearchParser(DefinitionRegistry registry, SearchLimits? limits = null)
{
    public static SearchParser Default { get; } = new(DefinitionRegistry.Default);

    public SearchLimits Limits { get; } = limits ?? SearchLimits.Default;

    /// <summary>Result-shaping parameters the server applies itself; the store ignores them.</summary>
    private static readonly HashSet<string> s_presentation = ["_format", "_pretty", "_summary", "_elements"];

    public SearchQuery Parse(string resourceType, IEnumerable<KeyValuePair<string, string>> parameters, bool lenient = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var list = parameters as IReadOnlyCollection<KeyValuePair<string, string>> ?? [.. parameters];
        // Limits are checked before anything is parsed and are never skipped by lenient handling:
        // they protect the server, and a skipped criterion would widen the result silently.
        CheckLimits(list);
        var query = new SearchQuery { ResourceType = resourceType };
        foreach (var (name, value) in list)
        {
            try
            {
                ParseOne(query, name, value);
            }
            catch (SearchParameterException e) when (lenient)
            {
                query.Ignored.Add(e.Message);
            }
        }
        return query;
    }

    private void CheckLimits(IReadOnlyCollection<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count > Limits.MaxParameters)
        {
            throw new SearchParameterException($"the query has {parameters.Count} parameters; at most {Limits.MaxParameters} are allowed ({SearchLimits.MaxParametersKey})");
        }
        foreach (var (name, value) in parameters)
        {
            if (s_presentation.Contains(name) || name is "_count" or "_offset" or "_total")
            {
                continue;
            }
            var values = CountValues(value);
            if (values > Limits.MaxValuesPerParameter)
            {
                throw new SearchParameterException($"{name} has {values} values; at most {Limits.MaxValuesPerParameter} are allowed ({SearchLimits.MaxValuesKey})");
            }
        }
    }

    private void ParseOne(SearchQuery query, string name, string value)
    {
        switch (name)
        {
            case "_count":
                query.Count = Math.Min(ParseInt(name, value), Limits.MaxCount);
                return;
            case "_offset":
                // Bounded so that offset + count (the next page's link) cannot overflow.
                query.Offset = Math.Min(ParseInt(name, value), int.MaxValue - Math.Max(Limits.MaxCount, SearchQuery.MaxCount));
                return;
            case "_total":
                query.IncludeTotal = value switch
                {
                    "none" => false,
                    "accurate" or "estimate" => true,
                    _ => throw new SearchParameterException($"_total must be none, estimate or accurate, not '{value}'"),
                };
                return;
            case "_sort":
                ParseSort(query, value);
                return;
            default:
                if (s_presentation.Contains(name))
                {
                    return;
                }
                break;
        }

        var colon = name.IndexOf(':', StringComparison.Ordinal);
        var code = colon < 0 ? name : name[..colon];
        var modifierText = colon < 0 ? null : name[(colon + 1)..];
        if (code.Contains('.', StringComparison.Ordinal))
        {
            throw new SearchParameterException($"chained search '{name}' is not supported yet");
        }
        var parameter = registry.SearchParameters.Find(query.ResourceType, code)
            ?? throw new SearchParameterException($"unknown search parameter '{code}' for {query.ResourceType}");
        var type = parameter.Type ?? SearchParamType.Special;
        if (type is SearchParamType.Composite or SearchParamType.Special)
        {
            throw new SearchParameterException($"{type.ToString().ToLowerInvariant()} search parameter '{code}' is not supported yet");
        }
        var (modifier, targetType) = ParseModifier(code, type, modifierText);
        if (string.IsNullOrEmpty(value))
        {
            throw new SearchParameterException($"search parameter '{name}' has no value");
        }
        List<SearchValue> values = modifier == SearchModifier.Missing
            ? [ParseMissing(name, value)]
            : [.. SplitValues(value).Select(v => ParseValue(code, type, modifier, v))];
        query.Criteria.Add(new SearchCriterion(code, type, modifier, values, targetType));
    }

    private static (SearchModifier Modifier, string? TargetType) ParseModifier(string code, SearchParamType type, string? text)
    {
        if (text is null)
        {
            return (SearchModifier.None, null);
        }
        var modifier = text switch
        {
            "missing" => SearchModifier.Missing,
            "exact" when type == SearchParamType.String => SearchModifier.Exact,
            "contains" when type is SearchParamType.String or SearchParamType.Uri => SearchModifier.Contains,
            "not" when type == SearchParamType.Token => SearchModifier.Not,
            "text" when type == SearchParamType.Token => SearchModifier.Text,
            "identifier" when type == SearchParamType.Reference => SearchModifier.Identifier,
            "above" when type == SearchParamType.Uri => SearchModifier.Above,
            "below" when type == SearchParamType.Uri => SearchModifier.Below,
            _ when type == SearchParamType.Reference && ModelInfo.IsKnownResource(text) => SearchModifier.None,
            _ => throw new SearchParameterException($"modifier ':{text}' is not supported on {type.ToString().ToLowerInvariant()} parameter '{code}'"),
        };
        return (modifier, modifier == SearchModifier.None ? text : null);
    }

    private static MissingValue ParseMissing(string name, string value) => value switch
    {
        "true" => new MissingValue(true),
        "false" => new MissingValue(false),
        _ => throw new SearchParameterException($"'{name}' must be true or false"),
    };

    private static SearchValue ParseValue(string code, SearchParamType type, SearchModifier modifier, string raw)
    {
        switch (type)
        {
            case SearchParamType.Token:
                return ParseToken(raw);
            case SearchParamType.String:
                return new StringValue(raw);
            case SearchParamType.Uri:
                return new UriValue(raw);
            case SearchParamType.Reference:
                return modifier == SearchModifier.Identifier ? ParseToken(raw) : ParseReference(raw);
            case SearchParamType.Date:
                {
                    var (prefix, rest) = SplitPrefix(raw);
                    if (!DateRanges.TryParse(rest, out var low, out var high))
                    {
                        throw new SearchParameterException($"'{raw}' is not a valid date for '{code}'");
                    }
                    return new DateValue(prefix, low, high);
                }
            case SearchParamType.Number:
                {
                    var (prefix, rest) = SplitPrefix(raw);
                    return ParseNumber(code, prefix, rest);
                }
            case SearchParamType.Quantity:
                return ParseQuantity(code, raw);
            default:
                throw new SearchParameterException($"parameter '{code}' cannot be searched");
        }
    }

    private static TokenValue ParseToken(string raw)
    {
        var bar = IndexOfUnescaped(raw, '|');
        if (bar < 0)
        {
            return new TokenValue(null, Unescape(raw), false);
        }
        var system = Unescape(raw[..bar]);
        var code = Unescape(raw[(bar + 1)..]);
        return new TokenValue(system.Length == 0 ? null : system, code.Length == 0 ? null : code, true);
    }

    private static ReferenceValue ParseReference(string raw)
    {
        if (ReferenceParts.TryParseLocal(raw, out var type, out var id))
        {
            return new ReferenceValue(type, id, null);
        }
        if (raw.Contains(':', StringComparison.Ordinal))
        {
            return new ReferenceValue(ReferenceParts.TypeOfAbsolute(raw), ReferenceParts.IdOfAbsolute(raw), raw);
        }
        return new ReferenceValue(null, raw, null);
    }

    private static NumberValue ParseNumber(string code, SearchPrefix prefix, string text)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new SearchParameterException($"'{text}' is not a valid number for '{code}'");
        }
        // Implicit precision: "100" matches [99.5, 100.5), "100.00" matches [99.995, 100.005).
        var scale = text.Contains('e', StringComparison.OrdinalIgnoreCase) ? 0 : number.Scale;
        var half = 0.5 * Math.Pow(10, -scale);
        var value = (double)number;
        return new NumberValue(prefix, value, value - half, value + half);
    }

    private static QuantityValue ParseQuantity(string code, string raw)
    {
        var (prefix, rest) = SplitPrefix(raw);
        var parts = rest.Split('|');
        if (parts.Length is not (1 or 3))
        {
            throw new SearchParameterException($"'{raw}' is not a valid quantity for '{code}' (number|system|code)");
        }
        var number = ParseNumber(code, prefix, parts[0]);
        var system = parts.Length == 3 && parts[1].Length > 0 ? parts[1] : null;
        var unit = parts.Length == 3 && parts[2].Length > 0 ? parts[2] : null;
        NumberValue? canonical = null;
        string? canonicalCode = null;
        if (unit is not null && UcumCanonical.TryCanonicalize((decimal)number.Value, system ?? UcumCanonical.UcumSystem, unit, out var cv, out var cc))
        {
            var factor = number.Value == 0 ? 1 : (double)cv / number.Value;
            canonical = new NumberValue(prefix, (double)cv, number.Low * factor, number.High * factor);
            canonicalCode = cc;
        }
        return new QuantityValue(prefix, number, system, unit, canonical, canonicalCode);
    }

    private void ParseSort(SearchQuery query, string value)
    {
        foreach (var item in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var descending = item.StartsWith('-');
            var code = descending ? item[1..] : item;
            var parameter = registry.SearchParameters.Find(query.ResourceType, code)
                ?? throw new SearchParameterException($"cannot sort by unknown parameter '{code}'");
            var type = parameter.Type ?? SearchParamType.Special;
            if (type is SearchParamType.Composite or SearchParamType.Special)
            {
                throw new SearchParameterException($"cannot sort by {type.ToString().ToLowerInvariant()} parameter '{code}'");
            }
            query.Sort.Add(new SortKey(code, type, descending));
        }
    }

    private static (SearchPrefix Prefix, string Remainder) SplitPrefix(string raw)
    {
        if (raw.Length > 2 && char.IsLetter(raw[0]) && char.IsLetter(raw[1]))
        {
            SearchPrefix? prefix = raw[..2] switch
            {
                "eq" => SearchPrefix.Eq,
                "ne" => SearchPrefix.Ne,
                "gt" => SearchPrefix.Gt,
                "lt" => SearchPrefix.Lt,
                "ge" => SearchPrefix.Ge,
                "le" => SearchPrefix.Le,
                "sa" => SearchPrefix.Sa,
                "eb" => SearchPrefix.Eb,
                "ap" => SearchPrefix.Ap,
                _ => null,
            };
            if (prefix is { } p)
            {
                return (p, raw[2..]);
            }
        }
        return (SearchPrefix.Eq, raw);
    }

    /// <summary>A non-negative integer; one too large for <see cref="int"/> reads as <see cref="int.MaxValue"/> (callers clamp it).</summary>
    private static int ParseInt(string name, string value)
    {
        if (value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            throw new SearchParameterException($"{name} must be a non-negative integer, not '{value}'");
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
    }

    private static int CountValues(string value)
    {
        var count = 1;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ',')
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>Splits on unescaped commas (<c>\,</c> is a literal comma).</summary>
    private static IEnumerable<string> SplitValues(string value)
    {
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == ',')
            {
                yield return value[start..i];
                start = i + 1;
            }
        }
        yield return value[start..];
    }

    private static int IndexOfUnescaped(string value, char c)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\')
            {
                i++;
            }
            else if (value[i] == c)
            {
                return i;
            }
        }
        return -1;
    }

    private static string Unescape(string value) =>
        value.Contains('\\', StringComparison.Ordinal)
            ? value.Replace("\\,", ",", StringComparison.Ordinal).Replace("\\|", "|", StringComparison.Ordinal).Replace("\\$", "$", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal)
            : value;
}
