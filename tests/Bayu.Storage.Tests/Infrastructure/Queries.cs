using Bayu.Storage.Search;
using Bayu.Storage.Store;

namespace Bayu.Storage.Tests.Infrastructure;

/// <summary>Searches written as the query strings a client sends, parsed and run as the engine does.</summary>
public static class Queries
{
    /// <summary>
    /// <c>a=1&amp;b=2</c> as (name, value) pairs, each part percent-decoded; repeats stay separate
    /// (they are ANDed). A literal <c>&amp;</c> or <c>=</c> in a value must be written %26 or %3D.
    /// </summary>
    public static List<KeyValuePair<string, string>> Parameters(string query) =>
        [.. query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length == 2 ? Uri.UnescapeDataString(p[1]) : ""))];

    public static SearchQuery Parse(string resourceType, string query, bool lenient = false) =>
        SearchParser.Default.Parse(resourceType, Parameters(query), lenient);

    /// <summary>The ids the store finds for <paramref name="query"/>, in the store's order.</summary>
    public static async Task<List<string>> FindAsync(this IResourceStore store, string resourceType, string query)
    {
        var result = await store.SearchAsync(Parse(resourceType, query));
        return [.. result.Resources.Select(r => r.Id)];
    }

    /// <summary>The total the store counts for <paramref name="query"/> (as <c>_summary=count</c> asks it).</summary>
    public static async Task<long> CountAsync(this IResourceStore store, string resourceType, string query)
    {
        var parsed = Parse(resourceType, query);
        parsed.IncludeTotal = true;
        parsed.Count = 0;
        return (await store.SearchAsync(parsed)).Total!.Value;
    }
}
