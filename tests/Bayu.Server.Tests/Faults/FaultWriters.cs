using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// Concurrent writers against whichever server process is alive: plain creates (which the engine
/// group-commits), updates of their own resources, small transactions, and writes that must be
/// refused or rolled back. Each writer owns its resources, so no two writers race on one and every
/// acknowledged version is exactly the one its answer names. A writer that cannot connect (the
/// server is down) waits a little and tries again; a request the server died under is unanswered.
/// </summary>
internal sealed class FaultWriters(Func<Uri> server, int seed, WriteLedger ledger) : IDisposable
{
    private const string FhirJson = "application/fhir+json";

    private readonly HttpClient _client = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Writes until <paramref name="stop"/>; a request already sent is answered (or not) first.</summary>
    public Task RunAsync(int writers, CancellationToken stop) =>
        // Off the test's synchronisation context, which would run 200 writers on two threads.
        Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriteAsync(w, stop), CancellationToken.None)));

    private async Task WriteAsync(int writer, CancellationToken stop)
    {
        var random = new Random(unchecked((seed * 1009) + writer));
        var own = new List<string>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var roll = random.NextDouble();
            var sent = own.Count == 0 || roll < 0.45 ? await CreateAsync(writer, n, own)
                : roll < 0.70 ? await UpdateAsync(own[random.Next(own.Count)], writer, n)
                : roll < 0.85 ? await TransactionAsync(writer, n, random.Next(2) == 0 ? own[random.Next(own.Count)] : null, own)
                : roll < 0.95 ? await RolledBackTransactionAsync(writer, n, own[random.Next(own.Count)])
                : await RefusedWriteAsync(writer, n);
            if (!sent)
            {
                await Task.Delay(random.Next(100, 300), CancellationToken.None);
            }
        }
    }

    private async Task<bool> CreateAsync(int writer, int n, List<string> own)
    {
        var answer = await SendAsync(HttpMethod.Post, "/fhir/Patient", Patient(null, writer, n));
        if (Expect(answer, "create", 201) is { } ok && ParseLocation(ok.Location) is { } version)
        {
            own.Add(version.Id);
            ledger.Acknowledge([version]);
        }
        return answer is not null;
    }

    private async Task<bool> UpdateAsync(string id, int writer, int n)
    {
        var answer = await SendAsync(HttpMethod.Put, $"/fhir/Patient/{id}", Patient(id, writer, n));
        if (Expect(answer, "update", 200) is { } ok && ok.ETag is { } etag)
        {
            ledger.Acknowledge([new VersionKey("Patient", id, int.Parse(etag.Trim('W', '/', '"'), System.Globalization.CultureInfo.InvariantCulture))]);
        }
        return answer is not null;
    }

    private async Task<bool> TransactionAsync(int writer, int n, string? update, List<string> own)
    {
        var patient = "urn:uuid:" + Guid.NewGuid();
        var entries = new List<string>
        {
            $$$"""{"fullUrl":"{{{patient}}}","resource":{{{Patient(null, writer, n)}}},"request":{"method":"POST","url":"Patient"}}""",
            $$$"""{"resource":{{{Observation(patient)}}},"request":{"method":"POST","url":"Observation"}}""",
        };
        if (update is not null)
        {
            entries.Add($$$"""{"resource":{{{Patient(update, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{update}}}"}}""");
        }
        var answer = await SendAsync(HttpMethod.Post, "/fhir", Bundle(entries));
        if (Expect(answer, "transaction", 200) is { } ok)
        {
            var versions = JsonNode.Parse(ok.Body)!["entry"]!.AsArray().Select(e => ParseLocation((string?)e!["response"]!["location"])).ToList();
            if (versions.Any(v => v is null))
            {
                ledger.Surprise("transaction answer without a location: " + ok.Body);
                return true;
            }
            own.Add(versions[0]!.Value.Id);
            ledger.Acknowledge(versions.Select(v => v!.Value));
        }
        return answer is not null;
    }

    /// <summary>
    /// A transaction whose last entry fails its If-Match after the first ones were written in the
    /// session (the failing entry's read flushes them): the create-on-update of a fresh id and a
    /// new Observation must leave nothing, no version and no delivery.
    /// </summary>
    private async Task<bool> RolledBackTransactionAsync(int writer, int n, string stale)
    {
        var id = $"rb-{seed}-{writer}-{n}";
        var answer = await SendAsync(HttpMethod.Post, "/fhir", Bundle(
        [
            $$$"""{"resource":{{{Observation("Patient/" + id)}}},"request":{"method":"POST","url":"Observation"}}""",
            $$$"""{"resource":{{{Patient(id, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{id}}}"}}""",
            $$$"""{"resource":{{{Patient(stale, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{stale}}}","ifMatch":"W/\"999999\""}}""",
        ]));
        Refusal(answer, "rolled-back transaction", ("Patient", id));
        return answer is not null;
    }

    /// <summary>A create-on-update breaking invariant qty-3 (a unit code without its system): the validation step refuses it with 422.</summary>
    private async Task<bool> RefusedWriteAsync(int writer, int n)
    {
        var id = $"bad-{seed}-{writer}-{n}";
        var body = $$$"""{"resourceType":"Observation","id":"{{{id}}}","status":"final","code":{"text":"fault w{{{writer}}}"},"valueQuantity":{"value":5.6,"code":"mmol/L"}}""";
        var answer = await SendAsync(HttpMethod.Put, $"/fhir/Observation/{id}", body);
        Refusal(answer, "invalid write", ("Observation", id));
        return answer is not null;
    }

    private Answer? Expect(Answer? answer, string what, int status)
    {
        if (answer is null)
        {
            return null;
        }
        if (answer.Status == status)
        {
            return answer;
        }
        if (answer.Status >= 500)
        {
            ledger.ServerError();
        }
        else
        {
            ledger.Surprise($"{what}: {answer.Status} {Clip(answer.Body)}");
        }
        return null;
    }

    private void Refusal(Answer? answer, string what, (string Type, string Id) resource)
    {
        if (answer is null)
        {
            return;
        }
        if (answer.Status is >= 400 and < 500)
        {
            ledger.Refused.Add(resource);
        }
        else if (answer.Status >= 500)
        {
            ledger.ServerError();
        }
        else
        {
            ledger.Surprise($"{what} was not refused: {answer.Status} {Clip(answer.Body)}");
        }
    }

    /// <summary>The answer, or null when there was none; a connection refused (no server) counts as not sent.</summary>
    private async Task<Answer?> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri(server(), path)) { Content = new StringContent(body, Encoding.UTF8, FhirJson) };
        request.Headers.Accept.ParseAdd(FhirJson);
        HttpResponseMessage response;
        try
        {
            response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            ledger.Sent();
            ledger.NoAnswer();
            return null;
        }
        ledger.Sent();
        using (response)
        {
            var location = response.Headers.Location?.ToString();
            var etag = response.Headers.ETag?.ToString();
            try
            {
                return new Answer((int)response.StatusCode, location, etag, await response.Content.ReadAsStringAsync());
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                // The status came, the body did not: for a bundle the versions are in the body, so
                // count it unanswered (the store still has to agree with the deliveries).
                ledger.NoAnswer();
                return null;
            }
        }
    }

    /// <summary><c>…/Type/id/_history/v</c> (a Location header or a bundle entry's response.location).</summary>
    private static VersionKey? ParseLocation(string? location)
    {
        var segments = location?.Split('/') ?? [];
        var history = Array.IndexOf(segments, "_history");
        return history >= 2 && history + 1 < segments.Length && int.TryParse(segments[history + 1], System.Globalization.CultureInfo.InvariantCulture, out var version)
            ? new VersionKey(segments[history - 2], segments[history - 1], version)
            : null;
    }

    private static string Patient(string? id, int writer, int n) =>
        $$$"""{"resourceType":"Patient"{{{(id is null ? "" : $",\"id\":\"{id}\"")}}},"active":true,"name":[{"family":"故障","given":["w{{{writer}}}","n{{{n}}}"]}]}""";

    private static string Observation(string subject) =>
        $$$"""{"resourceType":"Observation","status":"final","code":{"text":"fault probe"},"subject":{"reference":"{{{subject}}}"}}""";

    private static string Bundle(IEnumerable<string> entries) =>
        $$$"""{"resourceType":"Bundle","type":"transaction","entry":[{{{string.Join(",", entries)}}}]}""";

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;

    public void Dispose() => _client.Dispose();

    private sealed record Answer(int Status, string? Location, string? ETag, string Body);
}
