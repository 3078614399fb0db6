using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Infrastructure;

/// <summary>Reads a Parameters resource as JSON in tests.</summary>
internal static class ParametersJson
{
    /// <summary>The value (any value[x]) of the first parameter named <paramref name="name"/>, as text; null when absent.</summary>
    public static string? Part(JsonObject parameters, string name) =>
        parameters["parameter"]!.AsArray().Where(p => (string?)p!["name"] == name)
            .Select(p => p!.AsObject().First(kv => kv.Key.StartsWith("value", StringComparison.Ordinal)).Value?.ToString()).FirstOrDefault();
}
