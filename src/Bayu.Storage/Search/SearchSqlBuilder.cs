using System.Text;
using Bayu.Storage.Indexing;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Search;

/// <summary>
/// Translates a <see cref="SearchQuery"/> into SQL shared by both providers: every criterion is an
/// uncorrelated <c>r.id IN (SELECT id FROM idx_… WHERE resource_type = … AND param = … AND …)</c>
/// over one typed index table, so both planners drive the search from the index (a correlated
/// EXISTS made SQLite probe the index once per resource of the type). Index rows exist only for
/// current, live versions, so the resource row filter stays trivial.
/// </summary>
public static class SearchSqlBuilder
{
    public static string Where(SearchQuery query, SqlParameters p)
    {
        var sql = new StringBuilder();
        var type = p.Add(query.ResourceType);
        sql.Append("r.resource_type = ").Append(type).Append(" AND r.is_current = 1 AND r.is_deleted = 0");
        foreach (var criterion in query.Criteria)
        {
            sql.Append(" AND ").Append(Criterion(criterion, type, p));
        }
        return sql.ToString();
    }

    public static string OrderBy(SearchQuery query, SqlParameters p)
    {
        var keys = new List<string>();
        foreach (var key in query.Sort)
        {
            var direction = key.Descending ? " DESC" : " ASC";
            var expression = key.Param switch
            {
                "_id" => "r.id",
                "_lastUpdated" => "r.last_updated",
                _ => SortExpression(key, p),
            };
            keys.Add(expression + direction + " NULLS LAST");
        }
        // The id tie-breaker makes paging stable.
        keys.Add("r.id ASC");
        return string.Join(", ", keys);
    }

    private static string SortExpression(SortKey key, SqlParameters p)
    {
        var (table, column) = key.Type switch
        {
            SearchParamType.String => ("idx_string", "norm"),
            SearchParamType.Date => ("idx_date", key.Descending ? "high" : "low"),
            SearchParamType.Number => ("idx_number", "low"),
            SearchParamType.Quantity => ("idx_quantity", "low"),
            SearchParamType.Token => ("idx_token", "code"),
            SearchParamType.Reference => ("idx_reference", "target_id"),
            SearchParamType.Uri => ("idx_uri", "value"),
            _ => throw new SearchParameterException($"cannot sort by '{key.Param}'"),
        };
        var aggregate = key.Descending ? "MAX" : "MIN";
        return $"(SELECT {aggregate}(i.{column}) FROM {table} i WHERE i.resource_type = r.resource_type AND i.id = r.id AND i.param = {p.Add(key.Param)})";
    }

    private static string Criterion(SearchCriterion c, string type, SqlParameters p)
    {
        if (c.Param == "_id")
        {
            return IdCriterion(c, p);
        }
        if (c.Param == "_lastUpdated")
        {
            return "(" + string.Join(" OR ", c.Values.Cast<DateValue>().Select(v => DateCondition("r.last_updated", "r.last_updated", v, p))) + ")";
        }
        var table = TableOf(c.Type);
        var owner = $"i.resource_type = {type} AND i.param = {p.Add(c.Param)}";
        if (c.Modifier == SearchModifier.Missing)
        {
            var missing = ((MissingValue)c.Values[0]).Missing;
            return $"r.id {(missing ? "NOT " : "")}IN (SELECT i.id FROM {table} i WHERE {owner})";
        }
        var conditions = string.Join(" OR ", c.Values.Select(v => "(" + ValueCondition(c, v, p) + ")"));
        if (c.TargetType is not null)
        {
            conditions = $"({conditions}) AND i.target_type = {p.Add(c.TargetType)}";
        }
        // :not matches resources that have no matching value, including those without any value.
        return c.Modifier == SearchModifier.Not
            ? $"r.id NOT IN (SELECT i.id FROM {table} i WHERE {owner} AND ({conditions}))"
            : $"r.id IN (SELECT i.id FROM {table} i WHERE {owner} AND ({conditions}))";
    }

    private static string IdCriterion(SearchCriterion c, SqlParameters p)
    {
        if (c.Modifier == SearchModifier.Missing)
        {
            return ((MissingValue)c.Values[0]).Missing ? "1 = 0" : "1 = 1";
        }
        var ids = c.Values.Cast<TokenValue>().Select(v => p.Add(v.Code ?? ""));
        var match = $"r.id IN ({string.Join(", ", ids)})";
        return c.Modifier == SearchModifier.Not ? $"NOT ({match})" : match;
    }

    private static string TableOf(SearchParamType type) => type switch
    {
        SearchParamType.Token => "idx_token",
        SearchParamType.String => "idx_string",
        SearchParamType.Date => "idx_date",
        SearchParamType.Number => "idx_number",
        SearchParamType.Quantity => "idx_quantity",
        SearchParamType.Reference => "idx_reference",
        SearchParamType.Uri => "idx_uri",
        _ => throw new SearchParameterException($"{type} parameters are not indexed"),
    };

    private static string ValueCondition(SearchCriterion c, SearchValue value, SqlParameters p) => value switch
    {
        TokenValue t when c.Type == SearchParamType.Reference => TokenCondition(t, "i.identifier_system", "i.identifier_value", p),
        TokenValue t when c.Modifier == SearchModifier.Text => $"i.text_value LIKE {p.Add(LikePrefix(TextNormalizer.Normalize(t.Code ?? "")))} ESCAPE '\\'",
        TokenValue t => TokenCondition(t, "i.system", "i.code", p),
        StringValue s when c.Type == SearchParamType.String => c.Modifier switch
        {
            SearchModifier.Exact => $"i.exact = {p.Add(s.Raw)}",
            SearchModifier.Contains => $"i.norm LIKE {p.Add("%" + LikePrefix(TextNormalizer.Normalize(s.Raw)))} ESCAPE '\\'",
            _ => $"i.norm LIKE {p.Add(LikePrefix(TextNormalizer.Normalize(s.Raw)))} ESCAPE '\\'",
        },
        UriValue u => c.Modifier switch
        {
            SearchModifier.Below => $"i.value LIKE {p.Add(LikePrefix(u.Value))} ESCAPE '\\'",
            SearchModifier.Above => $"{p.Add(u.Value)} LIKE (i.value || '%')",
            SearchModifier.Contains => $"i.value LIKE {p.Add("%" + LikePrefix(u.Value))} ESCAPE '\\'",
            _ => $"i.value = {p.Add(u.Value)}",
        },
        DateValue d => DateCondition("i.low", "i.high", d, p),
        NumberValue n => NumberCondition("i.low", n, p),
        QuantityValue q => QuantityCondition(q, p),
        ReferenceValue r => ReferenceCondition(r, p),
        _ => throw new SearchParameterException($"value not supported for '{c.Param}'"),
    };

    private static string TokenCondition(TokenValue t, string systemColumn, string codeColumn, SqlParameters p)
    {
        var parts = new List<string>();
        if (t.SystemGiven)
        {
            parts.Add(t.System is null ? $"{systemColumn} IS NULL" : $"{systemColumn} = {p.Add(t.System)}");
        }
        if (t.Code is not null)
        {
            parts.Add($"{codeColumn} = {p.Add(t.Code)}");
        }
        return parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts);
    }

    private static string DateCondition(string lowColumn, string highColumn, DateValue d, SqlParameters p)
    {
        switch (d.Prefix)
        {
            case SearchPrefix.Eq:
                return $"{lowColumn} >= {p.Add(d.Low)} AND {highColumn} <= {p.Add(d.High)}";
            case SearchPrefix.Ne:
                return $"NOT ({lowColumn} >= {p.Add(d.Low)} AND {highColumn} <= {p.Add(d.High)})";
            case SearchPrefix.Gt:
                return $"{highColumn} > {p.Add(d.High)}";
            case SearchPrefix.Lt:
                return $"{lowColumn} < {p.Add(d.Low)}";
            case SearchPrefix.Ge:
                return $"{highColumn} >= {p.Add(d.Low)}";
            case SearchPrefix.Le:
                return $"{lowColumn} <= {p.Add(d.High)}";
            case SearchPrefix.Sa:
                return $"{lowColumn} > {p.Add(d.High)}";
            case SearchPrefix.Eb:
                return $"{highColumn} < {p.Add(d.Low)}";
            default:
                // ap: overlap after widening by 10% of the distance from now (at least a day), as the spec suggests.
                var distance = Math.Abs(DateTimeOffset.UtcNow.UtcTicks - d.Low);
                var widen = Math.Max(TimeSpan.TicksPerDay, distance / 10);
                return $"{lowColumn} <= {p.Add(SafeAdd(d.High, widen))} AND {highColumn} >= {p.Add(Math.Max(DateRanges.MinTicks, d.Low - widen))}";
        }
    }

    private static long SafeAdd(long value, long delta) => value > DateRanges.MaxTicks - delta ? DateRanges.MaxTicks : value + delta;

    private static string NumberCondition(string column, NumberValue n, SqlParameters p) => n.Prefix switch
    {
        SearchPrefix.Eq => $"{column} >= {p.Add(n.Low)} AND {column} < {p.Add(n.High)}",
        SearchPrefix.Ne => $"NOT ({column} >= {p.Add(n.Low)} AND {column} < {p.Add(n.High)})",
        SearchPrefix.Gt or SearchPrefix.Sa => $"{column} > {p.Add(n.Value)}",
        SearchPrefix.Lt or SearchPrefix.Eb => $"{column} < {p.Add(n.Value)}",
        SearchPrefix.Ge => $"{column} >= {p.Add(n.Value)}",
        SearchPrefix.Le => $"{column} <= {p.Add(n.Value)}",
        _ => $"{column} >= {p.Add(n.Value - Math.Abs(n.Value * 0.1))} AND {column} <= {p.Add(n.Value + Math.Abs(n.Value * 0.1))}",
    };

    private static string QuantityCondition(QuantityValue q, SqlParameters p)
    {
        var plain = new List<string> { NumberCondition("i.low", q.Number, p) };
        if (q.System is not null)
        {
            plain.Add($"i.system = {p.Add(q.System)}");
        }
        if (q.Code is not null)
        {
            plain.Add($"i.code = {p.Add(q.Code)}");
        }
        var plainSql = string.Join(" AND ", plain);
        if (q.Canonical is null || q.CanonicalCode is null)
        {
            return plainSql;
        }
        // Compare in UCUM canonical units when both sides convert (5 mg finds 0.005 g).
        return $"({plainSql}) OR (i.canonical_code = {p.Add(q.CanonicalCode)} AND {NumberCondition("i.canonical_low", q.Canonical, p)})";
    }

    private static string ReferenceCondition(ReferenceValue r, SqlParameters p)
    {
        var parts = new List<string>();
        if (r.Url is not null && r.Id is null)
        {
            return $"i.url = {p.Add(r.Url)}";
        }
        if (r.Type is not null)
        {
            parts.Add($"i.target_type = {p.Add(r.Type)}");
        }
        parts.Add($"i.target_id = {p.Add(r.Id ?? "")}");
        var local = string.Join(" AND ", parts);
        return r.Url is null ? local : $"({local}) OR i.url = {p.Add(r.Url)}";
    }

    private static string LikePrefix(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
