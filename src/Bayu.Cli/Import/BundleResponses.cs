using System.Net;
using System.Text.Json;

namespace Bayu.Cli.Import;

/// <summary>Reads a server's answer to a batch or transaction into one outcome per entry.</summary>
internal static class BundleResponses
{
    public static IReadOnlyList<EntryOutcome> Read(HttpStatusCode status, ReadOnlySpan<byte> body, int entryCount)
    {
        JsonDocument? document = null;
        try
        {
            document = body.IsEmpty ? null : JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            // Not JSON (a proxy error page, say): report the status alone.
        }
        using (document)
        {
            var root = document?.RootElement;
            if ((int)status is < 200 or > 299 || root is not { } bundle || ResourceType(bundle) != "Bundle")
            {
                // A refused transaction (or a refused request) fails every entry for the same reason.
                var reason = root is { } outcome && ResourceType(outcome) == "OperationOutcome"
                    ? OutcomeText(outcome)
                    : $"unexpected answer {(int)status} {status}";
                return Repeat(new EntryOutcome(false, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), reason), entryCount);
            }

            var outcomes = new List<EntryOutcome>(entryCount);
            if (bundle.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    outcomes.Add(EntryOf(entry));
                }
            }
            if (outcomes.Count != entryCount)
            {
                var reason = $"the server answered {outcomes.Count} entries for {entryCount} sent";
                return Repeat(new EntryOutcome(false, ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), reason), entryCount);
            }
            return outcomes;
        }
    }

    private static EntryOutcome EntryOf(JsonElement entry)
    {
        if (!entry.TryGetProperty("response", out var response) || !response.TryGetProperty("status", out var statusElement))
        {
            return new EntryOutcome(false, null, "the server gave no response status for this entry");
        }
        var status = statusElement.GetString() ?? "";
        if (status.StartsWith('2'))
        {
            return new EntryOutcome(true, status, null);
        }
        var reason = response.TryGetProperty("outcome", out var outcome) ? OutcomeText(outcome) : status;
        return new EntryOutcome(false, status, reason);
    }

    /// <summary>The error issues of an OperationOutcome, as one line.</summary>
    public static string OutcomeText(JsonElement outcome)
    {
        if (!outcome.TryGetProperty("issue", out var issues) || issues.ValueKind != JsonValueKind.Array)
        {
            return "OperationOutcome without issues";
        }
        var texts = new List<string>();
        foreach (var issue in issues.EnumerateArray())
        {
            var severity = issue.TryGetProperty("severity", out var s) ? s.GetString() : null;
            if (severity is not ("error" or "fatal") && texts.Count > 0)
            {
                continue;
            }
            var text = issue.TryGetProperty("diagnostics", out var d) ? d.GetString()
                : issue.TryGetProperty("details", out var details) && details.TryGetProperty("text", out var t) ? t.GetString()
                : issue.TryGetProperty("code", out var c) ? c.GetString()
                : null;
            if (text is not null)
            {
                texts.Add(text);
            }
        }
        return texts.Count == 0 ? "OperationOutcome without text" : string.Join("; ", texts.Distinct());
    }

    private static string? ResourceType(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("resourceType", out var t) ? t.GetString() : null;

    private static List<EntryOutcome> Repeat(EntryOutcome outcome, int count) => [.. Enumerable.Repeat(outcome, count)];
}
