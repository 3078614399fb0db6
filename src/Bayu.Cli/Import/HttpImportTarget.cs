using System.Net.Http.Headers;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Import;

/// <summary>Posts each unit to the FHIR base of a running server as a batch or transaction.</summary>
internal sealed class HttpImportTarget : IImportTarget
{
    private static readonly MediaTypeHeaderValue FhirJson = new("application/fhir+json") { CharSet = "utf-8" };
    private readonly HttpClient _client;
    private readonly Uri _base;

    public HttpImportTarget(Uri fhirBase, HttpMessageHandler? handler = null)
    {
        // Transactions and batches are POSTed to the base itself, so keep it without a trailing slash.
        _base = new Uri(fhirBase.ToString().TrimEnd('/'));
        _client = handler is null ? new HttpClient() : new HttpClient(handler);
        _client.Timeout = TimeSpan.FromMinutes(10);
        _client.DefaultRequestHeaders.Accept.ParseAdd("application/fhir+json");
    }

    public string Description => _base.ToString();

    public async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _client.GetAsync(new Uri(_base + "/metadata"), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliUsageException($"{_base}/metadata answered {(int)response.StatusCode}: is this a FHIR server base?");
            }
        }
        catch (HttpRequestException ex)
        {
            throw new CliUsageException($"cannot reach the server at {_base}: {ex.Message}");
        }
    }

    public async Task<IReadOnlyList<EntryOutcome>> SendAsync(ImportUnit unit, CancellationToken ct)
    {
        using var content = new ByteArrayContent(unit.Bundle);
        content.Headers.ContentType = FhirJson;
        using var request = new HttpRequestMessage(HttpMethod.Post, _base) { Content = content };
        // The per-entry status is all the import needs; don't make the server echo every resource.
        request.Headers.Add("Prefer", "return=minimal");
        try
        {
            using var response = await _client.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            return BundleResponses.Read(response.StatusCode, body, unit.Entries.Count);
        }
        catch (HttpRequestException ex)
        {
            return [.. unit.Entries.Select(_ => new EntryOutcome(false, null, $"request failed: {ex.Message}"))];
        }
    }

    // The server keeps its own statistics (PostgreSQL autovacuum; SQLite is refreshed on seeding).
    public Task FinishAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
