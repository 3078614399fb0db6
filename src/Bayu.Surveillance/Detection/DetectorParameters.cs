using System.Text.Json;

namespace Bayu.Surveillance.Detection;

/// <summary>
/// Reads the JSON parameter object (the keys of R's control lists, as in the golden files) and
/// remembers which keys were used, so unknown keys are reported instead of silently ignored.
/// </summary>
internal sealed class DetectorParameters
{
    private readonly Dictionary<string, JsonElement> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public DetectorParameters(JsonElement? json)
    {
        if (json is not { } root || root.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new DetectionInputException("Parameters must be a JSON object.");
        }

        foreach (var property in root.EnumerateObject())
        {
            _values[property.Name] = property.Value;
        }
    }

    public bool Has(string key) => _values.ContainsKey(key) && _values[key].ValueKind != JsonValueKind.Null;

    public double Number(string key, double fallback)
    {
        if (!Take(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new DetectionInputException($"Parameter '{key}' must be a number.");
    }

    public int Integer(string key, int fallback)
    {
        var number = Number(key, fallback);
        return number == Math.Floor(number) && Math.Abs(number) < int.MaxValue
            ? (int)number
            : throw new DetectionInputException($"Parameter '{key}' must be an integer.");
    }

    public bool Boolean(string key, bool fallback)
    {
        if (!Take(key, out var value))
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new DetectionInputException($"Parameter '{key}' must be true or false."),
        };
    }

    public string? Text(string key)
    {
        if (!Take(key, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DetectionInputException($"Parameter '{key}' must be a string.");
    }

    public JsonElement? Raw(string key) => Take(key, out var value) ? value : null;

    public int[]? IntegerPair(string key)
    {
        if (!Take(key, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2
            || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out _)))
        {
            throw new DetectionInputException($"Parameter '{key}' must be a pair of integers, e.g. [5,4].");
        }

        return [.. value.EnumerateArray().Select(e => e.GetInt32())];
    }

    /// <summary>Accepts a key only when it holds one of the supported values (documenting R options Bayu does not vary).</summary>
    public void Require(string key, params object[] allowed)
    {
        if (!Take(key, out var value))
        {
            return;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (!allowed.Any(a => string.Equals(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal)))
        {
            throw new DetectionInputException(
                $"Parameter '{key}' = {text} is not supported; allowed: {string.Join(", ", allowed)}.");
        }
    }

    public void RejectUnknown(string algorithm)
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal).ToArray();
        if (unknown.Length > 0)
        {
            throw new DetectionInputException($"Unknown parameter(s) for {algorithm}: {string.Join(", ", unknown)}.");
        }
    }

    private bool Take(string key, out JsonElement value)
    {
        _used.Add(key);
        return _values.TryGetValue(key, out value) && value.ValueKind != JsonValueKind.Null;
    }
}
