using System.Text;
using Bayu.Storage.Indexing;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Search;

/// <summary>
/// Translates a <see cref="SearchQuery"/> into SQL: every criterion is an uncorrelated
/// <c>r.id IN (SELECT id FROM idx_… WHERE resource_type = … AND param = … AND …)</c> over one typed
/// index table, so the search is driven from the index (a correlated EXISTS made SQLite probe the
/// index once per resource of the type). The values ORed in one criterion are one list parameter
/// (<see cref="ValueLists"/>). Index rows exist only for current, live versions.
/// </summary>
/// <remarks>
/// On PostgreSQL a criterion over an indexed value column is a join of the value list with the
/// index table, and the resource row is reached through it (<see cref="PostgresValueJoin"/>): the
/// plan must not depend on statistics, which a database written only through REST lacks until
/// it is analysed, and without them the planner took "resource_type = X" for one row and ran a
/// nested loop over every resource of the type.
/// </remarks>
public static class SearchSqlBuilder
{
    public static string Where(SearchQuery query, SqlParameters p, StoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(query);
        var lists = new ValueLists(provider, p);
        var type = p.Add(query.ResourceType);
        var criteria = new List<string>();
        var driven = false;
        foreach (var criterion in query.Criteria)
        {
            var (sql, drives) = Criterion(criterion, query.ResourceType, type, lists);
            criteria.Add(sql);
            driven |= drives;
        }
        // A driving criterion yields (resource_type, id) of live current resources of the type,
        // so the row filter would only add a restriction the planner misjudges without statistics.
        var sqlText = new StringBuilder(driven ? "r.is_current = 1" : $"r.resource_type = {type} AND r.is_current = 1 AND r.is_deleted = 0");
        foreach (var criterion in criteria)
        {
            sqlText.Append(" AND ").Append(criterion);
        }
        return sqlText.ToString();
    }

    public static string OrderBy(SearchQuery query, SqlParameters p)
    {
        ArgumentNullException.ThrowIfNull(query);
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
        // Rows of family-name parts are search aids, not values: the order follows whole names.
        var values = key.Type == SearchParamType.String ? $" AND i.exact <> '{FamilyNameParts.PartMarker}'" : "";
        return $"(SELECT {aggregate}(i.{column}) FROM {table} i WHERE i.resource_type = r.resource_type AND i.id = r.id AND i.param = {p.Add(key.Param)}{values})";
    }

    private static (string Sql, bool Drives) Criterion(SearchCriterion c, string resourceType, string type, ValueLists l)
    {
        var p = l.Parameters;
        if (c.Modifier == SearchModifier.Missing && c.Param is "_id" or "_lastUpdated")
        {
            // Every resource has an id and a lastUpdated.
            return (((MissingValue)c.Values[0]).Missing ? "1 = 0" : "1 = 1", false);
        }
        if (c.Param == "_id")
        {
            return IdCriterion(c, resourceType, l);
        }
        if (c.Param == "_lastUpdated")
        {
            return ("(" + string.Join(" OR ", c.Values.Cast<DateValue>().Select(v => DateCondition("r.last_updated", "r.last_updated", v, p))) + ")", false);
        }
        var table = TableOf(c.Type);
        var owner = $"i.resource_type = {type} AND i.param = {p.Add(c.Param)}";
        if (c.Modifier == SearchModifier.Missing)
        {
            var missing = ((MissingValue)c.Values[0]).Missing;
            return ($"r.id {(missing ? "NOT " : "")}IN (SELECT i.id FROM {table} i WHERE {owner})", false);
        }
        var target = c.TargetType is null ? null : $"i.target_type = {p.Add(c.TargetType)}";
        if (l.IsPostgres && PostgresValueJoin.TrySelect(c, resourceType, owner, target, l) is { } select)
        {
            // :not matches resources that have no matching value, including those without any value.
            return c.Modifier == SearchModifier.Not
                ? ($"r.id NOT IN (SELECT m.id FROM ({select}) m)", false)
                : ($"(r.resource_type, r.id) IN ({select})", true);
        }
        var conditions = ValueConditions(c, l);
        if (target is not null)
        {
            conditions = $"({conditions}) AND {target}";
        }
        var sub = $"SELECT i.id FROM {table} i WHERE {owner} AND ({conditions})";
        return (c.Modifier == SearchModifier.Not ? $"r.id NOT IN ({sub})" : $"r.id IN ({sub})", false);
    }

    private static (string Sql, bool Drives) IdCriterion(SearchCriterion c, string resourceType, ValueLists l)
    {
        var ids = c.Values.Cast<TokenValue>().Select(v => v.Code ?? "").ToList();
        if (l.IsPostgres && c.Modifier != SearchModifier.Not)
        {
            return ($"(r.resource_type, r.id) IN (SELECT v.t, v.id FROM unnest({l.Array([.. ids.Select(_ => resourceType)])}, {l.Array(ids)}) AS v(t, id))", true);
        }
        var match = l.In("r.id", ids);
        return (c.Modifier == SearchModifier.Not ? $"NOT ({match})" : match, false);
    }

    internal static string TableOf(SearchParamType type) => type switch
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

    /// <summary>The ORed values of one criterion as a condition on the index row <c>i</c>.</summary>
    internal static string ValueConditions(SearchCriterion c, ValueLists l)
    {
        var p = l.Parameters;
        switch (c.Type)
        {
            case SearchParamType.Token when c.Modifier == SearchModifier.Text:
                return l.Like("i.text_value", [.. c.Values.Cast<TokenValue>().Select(t => LikePrefix(TextNormalizer.Normalize(t.Code ?? "")))]);
            case SearchParamType.Token:
                return TokenConditions(c.Values.Cast<TokenValue>().ToList(), "i.system", "i.code", l);
            case SearchParamType.Reference when c.Modifier == SearchModifier.Identifier:
                return TokenConditions(c.Values.Cast<TokenValue>().ToList(), "i.identifier_system", "i.identifier_value", l);
            case SearchParamType.Reference:
                return ReferenceConditions(c.Values.Cast<ReferenceValue>().ToList(), l);
            case SearchParamType.String:
                {
                    var raw = c.Values.Cast<StringValue>().Select(s => s.Raw).ToList();
                    return c.Modifier switch
                    {
                        SearchModifier.Exact => l.In("i.exact", raw),
                        SearchModifier.Contains => l.Like("i.norm", [.. raw.Select(s => "%" + LikePrefix(IndexKey.Searchable(TextNormalizer.Normalize(s))))]),
                        _ => l.Like("i.norm", [.. raw.Select(s => LikePrefix(IndexKey.Searchable(TextNormalizer.Normalize(s))))]),
                    };
                }
            case SearchParamType.Uri:
                {
                    var uris = c.Values.Cast<UriValue>().Select(u => u.Value).ToList();
                    return c.Modifier switch
                    {
                        SearchModifier.Below => l.Like("i.value", [.. uris.Select(u => LikePrefix(IndexKey.Searchable(u)))]),
                        SearchModifier.Contains => l.Like("i.value", [.. uris.Select(u => "%" + LikePrefix(IndexKey.Searchable(u)))]),
                        SearchModifier.Above => "(" + string.Join(" OR ", uris.Select(u => $"{p.Add(u)} LIKE (i.value || '%')")) + ")",
                        _ => l.In("i.value", uris),
                    };
                }
            default:
                // Ranges (dates, numbers, quantities with prefixes) stay one branch per value; the
                // number of values is bounded by SearchLimits.MaxValuesPerParameter.
                return string.Join(" OR ", c.Values.Select(v => "(" + RangeCondition(c, v, p) + ")"));
        }
    }

    /// <summary>
    /// Token semantics: <c>code</c> (any system), <c>system|code</c>, <c>|code</c> (no system),
    /// <c>system|</c> (any code) and <c>|</c> (no system, any code), each class one list.
    /// </summary>
    internal static string TokenConditions(IReadOnlyList<TokenValue> values, string systemColumn, string codeColumn, ValueLists l)
    {
        var parts = new List<string>();
        var anySystem = values.Where(t => !t.SystemGiven && t.Code is not null).Select(t => t.Code!).ToList();
        var pairs = values.Where(t => t.System is not null && t.Code is not null).Select(t => (t.Code!, t.System!)).ToList();
        var noSystem = values.Where(t => t.SystemGiven && t.System is null && t.Code is not null).Select(t => t.Code!).ToList();
        var systemOnly = values.Where(t => t.System is not null && t.Code is null).Select(t => t.System!).ToList();
        if (values.Any(t => !t.SystemGiven && t.Code is null))
        {
            return "1 = 1";
        }
        if (anySystem.Count > 0)
        {
            parts.Add(l.In(codeColumn, anySystem));
        }
        if (pairs.Count > 0)
        {
            parts.Add(l.InPairs(codeColumn, systemColumn, pairs));
        }
        if (noSystem.Count > 0)
        {
            parts.Add($"{systemColumn} IS NULL AND {l.In(codeColumn, noSystem)}");
        }
        if (systemOnly.Count > 0)
        {
            parts.Add(l.In(systemColumn, systemOnly));
        }
        if (values.Any(t => t.SystemGiven && t.System is null && t.Code is null))
        {
            parts.Add($"{systemColumn} IS NULL");
        }
        return string.Join(" OR ", parts.Select(x => "(" + x + ")"));
    }

    private static string ReferenceConditions(IReadOnlyList<ReferenceValue> values, ValueLists l)
    {
        var parts = new List<string>();
        var untyped = values.Where(r => r.Id is not null && r.Type is null).Select(r => r.Id!).ToList();
        var typed = values.Where(r => r.Id is not null && r.Type is not null).Select(r => (r.Id!, r.Type!)).ToList();
        var urls = values.Where(r => r.Url is not null).Select(r => r.Url!).ToList();
        if (untyped.Count > 0)
        {
            parts.Add(l.In("i.target_id", untyped));
        }
        if (typed.Count > 0)
        {
            parts.Add(l.InPairs("i.target_id", "i.target_type", typed));
        }
        if (urls.Count > 0)
        {
            parts.Add(l.In("i.url", urls));
        }
        return parts.Count == 0 ? "1 = 0" : string.Join(" OR ", parts.Select(x => "(" + x + ")"));
    }

    private static string RangeCondition(SearchCriterion c, SearchValue value, SqlParameters p) => value switch
    {
        DateValue d => DateCondition("i.low", "i.high", d, p),
        NumberValue n => NumberCondition("i.low", n, p),
        QuantityValue q => QuantityCondition(q, p),
        _ => throw new SearchParameterException($"value not supported for '{c.Param}'"),
    };

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

    internal static string LikePrefix(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
