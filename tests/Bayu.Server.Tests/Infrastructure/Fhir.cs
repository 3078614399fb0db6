using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Infrastructure;

/// <summary>Small HTTP helpers for FHIR JSON requests in tests.</summary>
internal static class Fhir
{
    public const string JsonType = "application/fhir+json";

    public static StringContent Json(string json) => new(json, Encoding.UTF8, JsonType);

    public static async Task<HttpResponseMessage> PostAsync(this HttpClient client, string url, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Json(json) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> PutAsync(this HttpClient client, string url, string json, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(json) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    public static async Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await client.SendAsync(request);
    }

    public static async Task<JsonObject> BodyAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("empty body");
    }

    /// <summary>Asserts the status and, for errors, that the body is an OperationOutcome.</summary>
    public static async Task<JsonObject?> ExpectAsync(this HttpResponseMessage response, int status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        if (text.Length == 0)
        {
            return null;
        }
        var body = JsonNode.Parse(text)!.AsObject();
        if (status >= 400)
        {
            Assert.Equal("OperationOutcome", (string?)body["resourceType"]);
        }
        return body;
    }

    public static string Id(this JsonObject resource) => (string)resource["id"]!;

    public static string VersionId(this JsonObject resource) => (string)resource["meta"]!["versionId"]!;

    public static IReadOnlyList<JsonObject> Entries(this JsonObject bundle) =>
        bundle["entry"] is JsonArray entries ? [.. entries.Select(e => e!.AsObject())] : [];

    public static IReadOnlyList<string> EntryIds(this JsonObject bundle) =>
        [.. bundle.Entries().Where(e => e["resource"] is not null && (string?)e["search"]?["mode"] != "outcome").Select(e => (string)e["resource"]!["id"]!)];

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..10];

    public static MediaTypeWithQualityHeaderValue Accept(string media) => new(media);
}
