namespace Bayu.Engine.Interactions;

/// <summary>Parses <c>a=1&amp;b=2</c> (with or without a leading <c>?</c> or a <c>Type?</c> prefix) into ordered pairs.</summary>
public static class QueryString
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var question = query.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = query[(question + 1)..];
        }
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(part[(equals + 1)..]);
            pairs.Add(new(name, value));
        }
        return pairs;
    }
}
