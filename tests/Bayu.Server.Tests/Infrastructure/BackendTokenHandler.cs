using System.Net.Http.Headers;
using System.Text.Json;

namespace Bayu.Server.Tests.Infrastructure;

/// <summary>
/// Puts a real access token of the test backend client on every request (SMART Backend Services,
/// client secret), fetched from the host's own token endpoint and renewed before its five minutes
/// run out. Tests of the FHIR API go through the same door as any client.
/// </summary>
public sealed class BackendTokenHandler(Func<HttpMessageHandler> server, string scope) : DelegatingHandler
{
    public const string ClientId = "bayu-demo-backend";
    public const string Secret = "test-backend-secret";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken).ConfigureAwait(false));
        }
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> TokenAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_token is null || DateTimeOffset.UtcNow >= _renewAt)
            {
                (_token, var lifetime) = await FetchAsync(server(), scope, ct).ConfigureAwait(false);
                _renewAt = DateTimeOffset.UtcNow + lifetime - TimeSpan.FromSeconds(60);
            }
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public static async Task<(string Token, TimeSpan Lifetime)> FetchAsync(HttpMessageHandler server, string scope, CancellationToken ct = default)
    {
        using var client = new HttpClient(server, disposeHandler: false) { BaseAddress = new Uri("http://localhost") };
        using var response = await client.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ClientId,
            ["client_secret"] = Secret,
            ["scope"] = scope,
        }), ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"test token refused ({(int)response.StatusCode}): {body}");
        }
        using var json = JsonDocument.Parse(body);
        return (json.RootElement.GetProperty("access_token").GetString()!, TimeSpan.FromSeconds(json.RootElement.GetProperty("expires_in").GetInt32()));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }
        base.Dispose(disposing);
    }
}
