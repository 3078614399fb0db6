using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Bayu.Server.Tests.Faults;

/// <summary>
/// Concurrent writers against whichever server process is alive: plain creates (which the engine
/// group-commits), updates and deletes of their own resources, small transactions, batches with a
/// refused entry, and writes that must be refused or rolled back whole. Each writer owns its
/// resources, so no two writers race on one and every acknowledged version is exactly the one its
/// answer names. A writer that cannot connect (the server is down) waits a little and tries
/// again; a request the server died under is unanswered.
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
        var own = new List<Owned>();
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var roll = random.NextDouble();
            var mine = own.Count == 0 ? null : own[random.Next(own.Count)];
            var sent = mine is null || roll < 0.40 ? await CreateAsync(writer, n, own)
                : roll < 0.62 ? await UpdateAsync(mine, writer, n)
                : roll < 0.75 ? await TransactionAsync(writer, n, random.Next(2) == 0 ? mine : null, own)
                : roll < 0.83 ? await BatchAsync(writer, n, mine)
                : roll < 0.87 ? await DeleteAsync(mine, own)
                : roll < 0.95 ? await RolledBackTransactionAsync(writer, n, mine.Id)
                : await RefusedWriteAsync(writer, n);
            if (!sent)
            {
                await Task.Delay(random.Next(100, 300), CancellationToken.None);
            }
        }
    }

    private async Task<bool> CreateAsync(int writer, int n, List<Owned> own)
    {
        var answer = await SendAsync(HttpMethod.Post, "/fhir/Patient", Patient(null, writer, n));
        if (Expect(answer, "create", 201) is { } ok && ParseLocation(ok.Location) is { } version)
        {
            own.Add(new Owned(version.Id, version.Version));
            ledger.Acknowledge([version]);
        }
        return answer is not null;
    }

    private async Task<bool> UpdateAsync(Owned mine, int writer, int n)
    {
        var answer = await SendAsync(HttpMethod.Put, $"/fhir/Patient/{mine.Id}", Patient(mine.Id, writer, n));
        // 201: an unanswered delete of this writer had committed, and the update brings it back.
        if (Expect(answer, "update", 200, 201) is { } ok && ok.ETag is { } etag)
        {
            mine.Version = int.Parse(etag.Trim('W', '/', '"'), System.Globalization.CultureInfo.InvariantCulture);
            ledger.Acknowledge([new VersionKey("Patient", mine.Id, mine.Version)]);
        }
        return answer is not null;
    }

    /// <summary>
    /// A delete under If-Match of the last version this writer was told of: the deletion is then
    /// that version plus one (the answer, 204, names none). A 412 means an unanswered update of
    /// this writer did commit: the writer's knowledge was stale, nothing more.
    /// </summary>
    private async Task<bool> DeleteAsync(Owned mine, List<Owned> own)
    {
        var answer = await SendAsync(HttpMethod.Delete, $"/fhir/Patient/{mine.Id}", null, ("If-Match", $"W/\"{mine.Version}\""));
        if (answer is { Status: 412 })
        {
            return true;
        }
        if (Expect(answer, "delete", 204) is not null)
        {
            own.Remove(mine);
            ledger.Acknowledge([new VersionKey("Patient", mine.Id, mine.Version + 1)]);
        }
        return answer is not null;
    }

    /// <summary>A batch whose middle entry is refused (422) on its own while the others commit around it.</summary>
    private async Task<bool> BatchAsync(int writer, int n, Owned mine)
    {
        var refused = $"bb-{seed}-{writer}-{n}";
        var answer = await SendAsync(HttpMethod.Post, "/fhir", Bundle("batch",
        [
            $$$"""{"resource":{{{Patient(mine.Id, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{mine.Id}}}"}}""",
            $$$"""{"resource":{{{InvalidObservation(refused, writer)}}},"request":{"method":"PUT","url":"Observation/{{{refused}}}"}}""",
            $$$"""{"resource":{{{Observation("Patient/" + mine.Id)}}},"request":{"method":"POST","url":"Observation"}}""",
        ]));
        if (Expect(answer, "batch", 200) is not { } ok)
        {
            return answer is not null;
        }
        var entries = JsonNode.Parse(ok.Body)!["entry"]!.AsArray().Select(e => e!["response"]!).ToList();
        var statuses = entries.Select(r => ((string?)r["status"] ?? "").Split(' ')[0]).ToList();
        if (statuses is not [['2', ..], ['4', ..], ['2', ..]])
        {
            ledger.Surprise($"batch entries answered {string.Join(", ", statuses)}: {Clip(ok.Body)}");
            return true;
        }
        var versions = new[] { entries[0], entries[2] }.Select(r => ParseLocation((string?)r["location"])).ToList();
        if (versions.Any(v => v is null))
        {
            ledger.Surprise("batch answer without a location: " + Clip(ok.Body));
            return true;
        }
        mine.Version = versions[0]!.Value.Version;
        ledger.Acknowledge(versions.Select(v => v!.Value));
        ledger.Refused.Add(("Observation", refused));
        return true;
    }

    private async Task<bool> TransactionAsync(int writer, int n, Owned? update, List<Owned> own)
    {
        var patient = "urn:uuid:" + Guid.NewGuid();
        var entries = new List<string>
        {
            $$$"""{"fullUrl":"{{{patient}}}","resource":{{{Patient(null, writer, n)}}},"request":{"method":"POST","url":"Patient"}}""",
            $$$"""{"resource":{{{Observation(patient)}}},"request":{"method":"POST","url":"Observation"}}""",
        };
        if (update is not null)
        {
            entries.Add($$$"""{"resource":{{{Patient(update.Id, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{update.Id}}}"}}""");
        }
        var answer = await SendAsync(HttpMethod.Post, "/fhir", Bundle("transaction", entries));
        if (Expect(answer, "transaction", 200) is { } ok)
        {
            var versions = JsonNode.Parse(ok.Body)!["entry"]!.AsArray().Select(e => ParseLocation((string?)e!["response"]!["location"])).ToList();
            if (versions.Any(v => v is null))
            {
                ledger.Surprise("transaction answer without a location: " + ok.Body);
                return true;
            }
            own.Add(new Owned(versions[0]!.Value.Id, versions[0]!.Value.Version));
            if (update is not null)
            {
                update.Version = versions[2]!.Value.Version;
            }
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
        var answer = await SendAsync(HttpMethod.Post, "/fhir", Bundle("transaction",
        [
            $$$"""{"resource":{{{Observation("Patient/" + id)}}},"request":{"method":"POST","url":"Observation"}}""",
            $$$"""{"resource":{{{Patient(id, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{id}}}"}}""",
            $$$"""{"resource":{{{Patient(stale, writer, n)}}},"request":{"method":"PUT","url":"Patient/{{{stale}}}","ifMatch":"W/\"999999\""}}""",
        ]));
        Refusal(answer, "rolled-back transaction", ("Patient", id));
        return answer is not null;
    }

    /// <summary>A create-on-update the validation step refuses.</summary>
    private async Task<bool> RefusedWriteAsync(int writer, int n)
    {
        var id = $"bad-{seed}-{writer}-{n}";
        var answer = await SendAsync(HttpMethod.Put, $"/fhir/Observation/{id}", InvalidObservation(id, writer));
        Refusal(answer, "invalid write", ("Observation", id));
        return answer is not null;
    }

    private Answer? Expect(Answer? answer, string what, params int[] statuses)
    {
        if (answer is null)
        {
            return null;
        }
        if (statuses.Contains(answer.Status))
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
            ledger.Refuse(resource);
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
    private async Task<Answer?> SendAsync(HttpMethod method, string path, string? body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(server(), path)) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, FhirJson) };
        request.Headers.Accept.ParseAdd(FhirJson);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
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

    // Breaks invariant qty-3 (a unit code without its system): the validation step refuses it with 422.
    private static string InvalidObservation(string id, int writer) =>
        $$$"""{"resourceType":"Observation","id":"{{{id}}}","status":"final","code":{"text":"fault w{{{writer}}}"},"valueQuantity":{"value":5.6,"code":"mmol/L"}}""";

    private static string Bundle(string type, IEnumerable<string> entries) =>
        $$$"""{"resourceType":"Bundle","type":"{{{type}}}","entry":[{{{string.Join(",", entries)}}}]}""";

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;

    public void Dispose() => _client.Dispose();

    private sealed record Answer(int Status, string? Location, string? ETag, string Body);

    /// <summary>A resource this writer created and alone changes, with the last version it was told of.</summary>
    private sealed class Owned(string id, int version)
    {
        public string Id { get; } = id;

        public int Version { get; set; } = version;
    }
}
