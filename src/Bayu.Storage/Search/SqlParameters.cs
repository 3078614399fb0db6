namespace Bayu.Storage.Search;

/// <summary>Collects positional values for a SQL statement, naming them <c>@p0</c>, <c>@p1</c> …</summary>
public sealed class SqlParameters
{
    private readonly List<object?> _values = [];

    public IReadOnlyList<object?> Values => _values;

    public string Add(object? value)
    {
        _values.Add(value);
        return "@p" + (_values.Count - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
