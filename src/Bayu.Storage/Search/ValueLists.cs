using System.Text.Json;
using Bayu.Storage.Indexing;
using Bayu.Storage.Store;

namespace Bayu.Storage.Search;

/// <summary>
/// A list of search values bound as ONE parameter, whatever its length: a PostgreSQL array or a
/// SQLite JSON array read by <c>json_each</c>. One OR branch per value made SQLite refuse the
/// statement past a few hundred values and left PostgreSQL's plan to its row estimates.
/// </summary>
internal sealed class ValueLists(StoreProvider provider, SqlParameters p)
{
    public StoreProvider Provider => provider;

    public SqlParameters Parameters => p;

    public bool IsPostgres => provider == StoreProvider.Postgres;

    /// <summary><paramref name="column"/> equals one of <paramref name="values"/>, compared as the <see cref="IndexKey"/>s the index stores.</summary>
    public string In(string column, IReadOnlyList<string> values)
    {
        var keys = Keys(values);
        if (!IsPostgres && keys.Length == 1)
        {
            // The common case of one value: a plain equality, which SQLite plans and runs faster than json_each.
            return $"{column} = {p.Add(keys[0])}";
        }
        return IsPostgres
            ? $"{column} = ANY({Array(keys)})"
            : $"{column} IN (SELECT value FROM json_each({Json(keys)}))";
    }

    /// <summary>The pair of columns equals one of the pairs.</summary>
    public string InPairs(string first, string second, IReadOnlyList<(string First, string Second)> pairs) =>
        !IsPostgres && pairs.Count == 1 ? $"{first} = {p.Add(IndexKey.Fit(pairs[0].First))} AND {second} = {p.Add(IndexKey.Fit(pairs[0].Second))}"
        : IsPostgres
        ? $"({first}, {second}) IN (SELECT * FROM unnest({Array(Keys([.. pairs.Select(x => x.First)]))}, {Array(Keys([.. pairs.Select(x => x.Second)]))}))"
        : $"({first}, {second}) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each({p.Add(JsonSerializer.Serialize(pairs.Select(x => new[] { IndexKey.Fit(x.First), IndexKey.Fit(x.Second) })))}))";

    /// <summary>Values as the index stores them (see <see cref="IndexKey"/>).</summary>
    public static string[] Keys(IReadOnlyList<string?> values) => [.. values.Select(v => IndexKey.Fit(v)!)];

    /// <summary><paramref name="column"/> is LIKE one of the (escaped, backslash) patterns.</summary>
    public string Like(string column, IReadOnlyList<string> patterns) => IsPostgres
        // PostgreSQL's LIKE escapes with a backslash by default, which is what the patterns use.
        ? $"{column} LIKE ANY({Array(patterns)})"
        : "(" + string.Join(" OR ", patterns.Select(x => $"{column} LIKE {p.Add(x)} ESCAPE '\\'")) + ")";

    /// <summary>A typed PostgreSQL text array parameter.</summary>
    public string Array(IReadOnlyList<string?> values) => p.Add(values.ToArray()) + "::text[]";

    public string IntArray(IReadOnlyList<int> values) => p.Add(values.ToArray()) + "::integer[]";

    private string Json(IReadOnlyList<string> values) => p.Add(JsonSerializer.Serialize(values));
}
