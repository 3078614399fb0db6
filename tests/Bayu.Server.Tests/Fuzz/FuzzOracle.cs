using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;

namespace Bayu.Server.Tests.Fuzz;

/// <summary>One broken promise of the door, with the request that broke it.</summary>
internal sealed record Violation(string Cause, FuzzRequest Request, string Detail);

/// <summary>
/// The property every request must keep: the server answers within 20 s and stays up, never with a
/// 5xx, every 4xx is an OperationOutcome, a refused transaction leaves no trace; and a sampled
/// accepted write reads back in every format and summary mode and re-validates.
/// </summary>
internal sealed partial class FuzzOracle(FuzzClient client)
{
    public const string Crash = "crash (server down)";
    public const string ServerError = "5xx";
    public const string NoAnswer = "no answer in 20 s";
    public const string Closed = "connection closed without an answer";
    public const string NoOutcome = "4xx without OperationOutcome";
    public const string HalfWritten = "transaction half-written";
    public const string BundleServerError = "5xx inside a batch response";
    public const string Unreadable = "sampled write unreadable";
    public const string Invalid = "sampled write invalid on $validate";
    public const string Accepted = "invalid input accepted";
    public const string DemoChanged = "demo data changed or unreadable";

    public async Task<List<Violation>> CheckAsync(FuzzRequest request, FuzzResponse response)
    {
        var found = new List<Violation>();
        if (response.Status == 0)
        {
            var timedOut = response.Elapsed >= FuzzSettings.AnswerWithin - TimeSpan.FromMilliseconds(200) || response.Failure?.Contains("no answer", StringComparison.Ordinal) == true;
            found.Add(new Violation(timedOut ? NoAnswer : Closed, request, response.Failure ?? ""));
            if (!await IsAliveAsync().ConfigureAwait(false))
            {
                found.Add(new Violation(Crash, request, "GET /health failed after this request"));
            }
            return found;
        }
        // 505 is Kestrel's answer to an unknown HTTP version (RFC 9110 §15.6.6), the right one.
        if (response.Status >= 500 && !(request.KestrelAnswers && response.Status == 505))
        {
            found.Add(new Violation(ServerError, request, $"{response.Status} {Diagnostics(response)}"));
        }
        // Kestrel's own refusals too (malformed request lines, %00 in the path): the server gives them an outcome.
        else if (response.Status >= 400 && request.Method != "HEAD" && !IsOperationOutcome(response))
        {
            found.Add(new Violation(NoOutcome, request, $"{response.Status} {response.ContentType ?? "(no content type)"} {response.Body.Length} bytes: {Cut(response.Text, 200)}"));
        }
        if (request.ExpectRefusal && response.Status is < 400 or >= 500)
        {
            found.Add(new Violation(Accepted, request, $"{response.Status}, but this input must be refused with a 4xx"));
        }
        if (request.TransactionMarker is { } marker && response.Status is < 200 or >= 300)
        {
            var traces = await TracesAsync(marker).ConfigureAwait(false);
            if (traces != 0)
            {
                found.Add(new Violation(HalfWritten, request, $"{response.Status}, yet {traces} resources with its marker {marker} are stored"));
            }
        }
        if (request.Kind == "bundle" && response.Status == 200 && Json(response) is { } bundle && bundle["entry"] is JsonArray entries)
        {
            var failed = entries.Count(e => ((string?)e?["response"]?["status"])?.StartsWith('5') == true);
            if (failed > 0)
            {
                found.Add(new Violation(BundleServerError, request, $"{failed} entries answered 5xx"));
            }
        }
        return found;
    }

    public async Task<bool> IsAliveAsync()
    {
        try
        {
            using var response = await client.Http.GetAsync(new Uri(client.BaseAddress, "/health")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>Resources carrying the marker, over the types the fuzz writes; -1 when the search itself fails.</summary>
    public async Task<int> TracesAsync(string marker)
    {
        var total = 0;
        foreach (var type in FuzzSeeds.WrittenTypes)
        {
            var (status, body) = await GetJsonAsync($"/fhir/{type}?identifier={FuzzSeeds.MarkerSystem}|{marker}&_summary=count").ConfigureAwait(false);
            if (status != 200 || body is null)
            {
                return -1;
            }
            total += (int?)body["total"] ?? 0;
        }
        return total;
    }

    /// <summary>An accepted write must read back in JSON and XML, in every summary mode, in a search of its type, and re-validate.</summary>
    public async Task<List<Violation>> CheckAcceptedWriteAsync(FuzzRequest request, string location)
    {
        var found = new List<Violation>();
        var match = ResourcePath().Match(location);
        if (!match.Success)
        {
            found.Add(new Violation(Unreadable, request, "Location is not a resource: " + location));
            return found;
        }
        var (type, id) = (match.Groups[1].Value, match.Groups[2].Value);
        string[] reads =
        [
            $"/fhir/{type}/{id}", $"/fhir/{type}/{id}?_format=xml", $"/fhir/{type}/{id}?_summary=true", $"/fhir/{type}/{id}?_summary=text", $"/fhir/{type}/{id}?_summary=data",
            $"/fhir/{type}/{id}?_elements=id", $"/fhir/{type}?_id={id}", $"/fhir/{type}?_id={id}&_format=xml", $"/fhir/{type}?_id={id}&_summary=true",
        ];
        JsonObject? resource = null;
        foreach (var read in reads)
        {
            using var response = await client.Http.GetAsync(new Uri(client.BaseAddress, read)).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            if ((int)response.StatusCode != 200 || !Parses(text))
            {
                found.Add(new Violation(Unreadable, request, $"{location}: GET {read} → {(int)response.StatusCode} {Cut(text, 200)}"));
            }
            else if (read == reads[0])
            {
                resource = FuzzJson.Parse(text)?.AsObject();
            }
        }
        if (resource is not null)
        {
            using var content = new StringContent(resource.ToJsonString(), Encoding.UTF8, BodyGenerators.JsonType);
            using var response = await client.Http.PostAsync(new Uri(client.BaseAddress, $"/fhir/{type}/$validate"), content).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            var errors = (int)response.StatusCode == 200 && FuzzJson.Parse(text)?["issue"] is JsonArray issues
                ? issues.Where(i => (string?)i?["severity"] is "error" or "fatal").Select(i => (string?)i?["diagnostics"]).ToList()
                : null;
            if (errors is null || errors.Count > 0)
            {
                found.Add(new Violation(Invalid, request, $"{location}: $validate → {(int)response.StatusCode} {Cut(errors is null ? text : string.Join("; ", errors), 300)}"));
            }
        }
        return found;
    }

    public async Task<(int Status, JsonObject? Body)> GetJsonAsync(string path)
    {
        try
        {
            using var response = await client.Http.GetAsync(new Uri(client.BaseAddress, path)).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            return ((int)response.StatusCode, (int)response.StatusCode == 200 ? FuzzJson.Parse(text)?.AsObject() : null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, null);
        }
    }

    public static bool IsOperationOutcome(FuzzResponse response)
    {
        if (Json(response) is { } json)
        {
            return (string?)json["resourceType"] == "OperationOutcome";
        }
        try
        {
            var document = new XmlDocument { XmlResolver = null };
            document.LoadXml(response.Text);
            return document.DocumentElement is { LocalName: "OperationOutcome", NamespaceURI: "http://hl7.org/fhir" };
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static JsonObject? Json(FuzzResponse response)
    {
        try
        {
            return FuzzJson.Parse(response.Text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Parses(string text)
    {
        try
        {
            if (text.TrimStart().StartsWith('<'))
            {
                new XmlDocument { XmlResolver = null }.LoadXml(text);
            }
            else
            {
                _ = FuzzJson.Parse(text);
            }
            return true;
        }
        catch (Exception e) when (e is XmlException or JsonException)
        {
            return false;
        }
    }

    private static string Diagnostics(FuzzResponse response) =>
        Json(response)?["issue"] is JsonArray issues ? string.Join("; ", issues.Select(i => (string?)i?["diagnostics"])) : Cut(response.Text, 200);

    internal static string Cut(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex("/fhir/([A-Za-z]+)/([A-Za-z0-9\\-\\.]{1,64})")]
    private static partial Regex ResourcePath();
}

/// <summary>Parses answers of any depth: an accepted deeply nested resource must not break the checker itself.</summary>
internal static class FuzzJson
{
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 1_000_000 };

    public static JsonNode? Parse(string text) => JsonNode.Parse(text, documentOptions: Deep);
}
