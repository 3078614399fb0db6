using Bayu.Storage.Indexing;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Search;

/// <summary>
/// PostgreSQL: a criterion over an indexed value column (token code, reference target id, uri) as
/// <c>unnest(type[], param[], value[], …) v JOIN idx_… i ON i.resource_type = v.t AND i.param =
/// v.p AND i.value = v.value</c>, selecting <c>(resource_type, id)</c>.
/// </summary>
/// <remarks>
/// Why a join and not <c>i.code = ANY(@codes)</c>: without statistics every equality is guessed
/// at 0.5% of the rows, so "resource_type = X AND param = Y" looks like one row, <c>code = ANY</c>
/// becomes a filter over every row of the parameter, and the resources of the type become the
/// outer side of a nested loop (5.9 s over 5,000 Observations). With the type and parameter coming
/// from the value list the index table has no restriction of its own: scanning it looks as
/// expensive as it is, and the only cheap plan is the real one, one index probe per value
/// (asserted on an unanalysed database by Bayu.Storage.Tests' SearchPlanTestsOnPostgres).
/// </remarks>
internal static class PostgresValueJoin
{
    private const int AnySystem = 0;
    private const int GivenSystem = 1;
    private const int NoSystem = 2;

    /// <summary>The rows matching <paramref name="c"/>, or null when it has no indexed value list.</summary>
    public static string? TrySelect(SearchCriterion c, string resourceType, string owner, string? target, ValueLists l)
    {
        if (c.Modifier is not (SearchModifier.None or SearchModifier.Not))
        {
            return null;
        }
        var table = SearchSqlBuilder.TableOf(c.Type);
        switch (c.Type)
        {
            case SearchParamType.Token:
                {
                    var values = c.Values.Cast<TokenValue>().ToList();
                    var coded = values.Where(t => t.Code is not null).ToList();
                    var rest = values.Where(t => t.Code is null).ToList();
                    var join = coded.Count == 0 ? null : Join(l, table, resourceType, c.Param, "code", [.. coded.Select(t => t.Code!)],
                        [("s", l.Array(ValueLists.Keys([.. coded.Select(t => t.System)]))), ("kind", l.IntArray([.. coded.Select(Kind)]))],
                        $"v.kind = {AnySystem} OR i.system = v.s OR (v.kind = {NoSystem} AND i.system IS NULL)");
                    var filter = rest.Count == 0 ? null : Filtered(table, owner, SearchSqlBuilder.TokenConditions(rest, "i.system", "i.code", l));
                    return Union(join, filter);
                }
            case SearchParamType.Reference:
                {
                    var values = c.Values.Cast<ReferenceValue>().ToList();
                    var local = values.Where(r => r.Id is not null).ToList();
                    var urls = values.Where(r => r.Url is not null).Select(r => r.Url!).ToList();
                    var join = local.Count == 0 ? null : Join(l, table, resourceType, c.Param, "target_id", [.. local.Select(r => r.Id!)],
                        [("ty", l.Array(ValueLists.Keys([.. local.Select(r => r.Type)])))],
                        And("(v.ty IS NULL OR i.target_type = v.ty)", target));
                    var filter = urls.Count == 0 ? null : Filtered(table, owner, And(l.In("i.url", urls), target)!);
                    return Union(join, filter);
                }
            case SearchParamType.String when c.Modifier == SearchModifier.None:
                {
                    // A prefix as an index range [prefix, successor) on the bytewise (COLLATE "C")
                    // column; LIKE ANY(array) could never use the index.
                    var prefixes = c.Values.Cast<StringValue>().Select(s => IndexKey.Searchable(TextNormalizer.Normalize(s.Raw))).ToList();
                    var successors = prefixes.Select(PrefixRange.Successor).ToList();
                    if (successors.Contains(null))
                    {
                        // An empty prefix matches every value: no range to probe.
                        return null;
                    }
                    var arrays = string.Join(", ",
                        l.Array([.. prefixes.Select(_ => resourceType)]), l.Array([.. prefixes.Select(_ => c.Param)]), l.Array(prefixes), l.Array(successors));
                    return $"SELECT i.resource_type, i.id FROM unnest({arrays}) AS v(t, p, lo, hi) JOIN {table} i ON i.resource_type = v.t AND i.param = v.p AND i.norm >= v.lo AND i.norm < v.hi";
                }
            case SearchParamType.Uri:
                {
                    var uris = c.Values.Cast<UriValue>().Select(u => u.Value).ToList();
                    return Join(l, table, resourceType, c.Param, "value", uris, [], null);
                }
            default:
                return null;
        }
    }

    private static int Kind(TokenValue t) => !t.SystemGiven ? AnySystem : t.System is null ? NoSystem : GivenSystem;

    private static string Join(ValueLists l, string table, string resourceType, string param, string keyColumn, IReadOnlyList<string> keys, IReadOnlyList<(string Name, string Array)> extras, string? filter)
    {
        var arrays = new List<string> { l.Array([.. keys.Select(_ => resourceType)]), l.Array([.. keys.Select(_ => param)]), l.Array(ValueLists.Keys(keys)) };
        arrays.AddRange(extras.Select(e => e.Array));
        var names = new List<string> { "t", "p", "key" };
        names.AddRange(extras.Select(e => e.Name));
        var sql = $"SELECT i.resource_type, i.id FROM unnest({string.Join(", ", arrays)}) AS v({string.Join(", ", names)}) JOIN {table} i ON i.resource_type = v.t AND i.param = v.p AND i.{keyColumn} = v.key";
        return filter is null ? sql : $"{sql} WHERE {filter}";
    }

    private static string Filtered(string table, string owner, string conditions) =>
        $"SELECT i.resource_type, i.id FROM {table} i WHERE {owner} AND ({conditions})";

    private static string? And(string? a, string? b) => a is null ? b : b is null ? a : $"({a}) AND {b}";

    private static string Union(string? a, string? b) => a is null ? b! : b is null ? a : $"{a} UNION ALL {b}";
}
