using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Security;

/// <summary>
/// The intruder matrix (issue 14): every kind of route — read, search with _include, history,
/// writes, bundles, operations, the platform API — against every kind of bad credential. Each is
/// refused with the right status and an OperationOutcome, and nothing of the record comes back.
/// </summary>
public abstract class IntruderTests(SecurityFixture server) : IAsyncLifetime
{
    private string _patientId = "";
    private string _patientIdentifier = "";
    private string _validToken = "";

    public async Task InitializeAsync()
    {
        var patient = (await (await server.Client.GetAsync("/fhir/Patient?_count=1")).ExpectAsync(200))!.Entries()[0]["resource"]!.AsObject();
        _patientId = patient.Id();
        _patientIdentifier = (string)patient["identifier"]![0]!["value"]!;
        _validToken = (await BackendTokenHandler.FetchAsync(server.Factory.Server.CreateHandler(), "system/*.cruds")).Token;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private IEnumerable<(string Name, Func<HttpRequestMessage> Request)> Routes()
    {
        var patient = $$"""{"resourceType":"Patient","id":"{{_patientId}}","active":true}""";
        var bundle = $$$"""{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"GET","url":"Patient/{{{_patientId}}}"}}]}""";
        yield return ("read", () => new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient/{_patientId}"));
        yield return ("vread", () => new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient/{_patientId}/_history/1"));
        yield return ("search", () => new HttpRequestMessage(HttpMethod.Get, "/fhir/Patient?_id=" + _patientId));
        yield return ("search by POST", () => new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient/_search") { Content = new FormUrlEncodedContent([new("_id", _patientId)]) });
        yield return ("instance history", () => new HttpRequestMessage(HttpMethod.Get, $"/fhir/Patient/{_patientId}/_history"));
        yield return ("system history", () => new HttpRequestMessage(HttpMethod.Get, "/fhir/_history"));
        yield return ("create", () => new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient") { Content = Infrastructure.Fhir.Json(patient) });
        yield return ("update", () => new HttpRequestMessage(HttpMethod.Put, $"/fhir/Patient/{_patientId}") { Content = Infrastructure.Fhir.Json(patient) });
        yield return ("delete", () => new HttpRequestMessage(HttpMethod.Delete, $"/fhir/Patient/{_patientId}"));
        yield return ("transaction", () => new HttpRequestMessage(HttpMethod.Post, "/fhir") { Content = Infrastructure.Fhir.Json(bundle) });
        yield return ("operation", () => new HttpRequestMessage(HttpMethod.Post, "/fhir/Patient/$validate") { Content = Infrastructure.Fhir.Json(patient) });
        yield return ("platform jobs", () => new HttpRequestMessage(HttpMethod.Get, "/platform/jobs"));
    }

    [Fact]
    public async Task WithoutAToken_EveryRouteAnswers401WithAnOutcomeAndAChallenge()
    {
        foreach (var (name, request) in Routes())
        {
            using var message = request();
            using var response = await server.Anonymous.SendAsync(message);
            await AssertRefusedAsync(name, response, HttpStatusCode.Unauthorized);
            Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        }
    }

    [Fact]
    public async Task AResignedButUnchangedToken_IsAccepted_SoTheForgedRefusalsBelowAreAboutTheClaim()
    {
        using var client = server.WithToken(TokenForge.Resigned(server.Services, _validToken));
        await (await client.GetAsync($"/fhir/Patient/{_patientId}")).ExpectAsync(200);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefused()
    {
        // The token entry is authoritative for expiry (OpenIddict restores it on every request), so
        // age the entry as time would.
        var token = (await BackendTokenHandler.FetchAsync(server.Factory.Server.CreateHandler(), "system/*.rs")).Token;
        using var client = server.WithToken(token);
        await (await client.GetAsync($"/fhir/Patient/{_patientId}")).ExpectAsync(200);
        using (var scope = server.Services.CreateScope())
        {
            var tokens = scope.ServiceProvider.GetRequiredService<OpenIddict.Abstractions.IOpenIddictTokenManager>();
            var id = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ReadJsonWebToken(token).GetClaim("oi_tkn_id").Value;
            var entry = await tokens.FindByIdAsync(id) ?? throw new InvalidOperationException("no token entry " + id);
            var descriptor = new OpenIddict.Abstractions.OpenIddictTokenDescriptor();
            await tokens.PopulateAsync(descriptor, entry);
            descriptor.ExpirationDate = DateTimeOffset.UtcNow.AddMinutes(-1);
            await tokens.UpdateAsync(entry, descriptor);
        }
        await AssertRefusedAsync("expired", await client.GetAsync($"/fhir/Patient/{_patientId}"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ABatchEntryOutsideTheScopeIsRefusedInsideTheBatch_AndTheOthersRun()
    {
        using var client = ServerFixture.AuthorizedClient(server.Factory, "system/Organization.rs");
        var bundle = $$$"""{"resourceType":"Bundle","type":"batch","entry":[{"request":{"method":"GET","url":"Patient/{{{_patientId}}}"}},{"request":{"method":"GET","url":"Organization?_count=1"}}]}""";
        var body = (await (await client.PostAsync("/fhir", bundle)).ExpectAsync(200))!;
        Assert.StartsWith("403", (string)body.Entries()[0]["response"]!["status"]!, StringComparison.Ordinal);
        Assert.NotEqual("Patient", (string?)body.Entries()[0]["resource"]?["resourceType"]);
        Assert.StartsWith("200", (string)body.Entries()[1]["response"]!["status"]!, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadTokens => ["tampered signature", "widened payload", "wrong audience", "wrong issuer", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task WithABadToken_EveryRouteAnswers401(string kind)
    {
        var token = kind switch
        {
            "tampered signature" => TokenForge.Tampered(_validToken),
            "widened payload" => TokenForge.Widened((await BackendTokenHandler.FetchAsync(server.Factory.Server.CreateHandler(), "system/Organization.rs")).Token),
            "wrong audience" => TokenForge.Resigned(server.Services, _validToken, audience: "https://elsewhere.example/fhir"),
            "wrong issuer" => TokenForge.Resigned(server.Services, _validToken, issuer: "https://intruder.example/"),
            _ => "not-a-jwt",
        };
        using var client = server.WithToken(token);
        foreach (var (name, request) in Routes())
        {
            using var message = request();
            using var response = await client.SendAsync(message);
            await AssertRefusedAsync($"{kind} / {name}", response, HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task WithTooNarrowAScope_EveryRouteOnPatientsAnswers403BeforeTheQueryRuns()
    {
        using var client = ServerFixture.AuthorizedClient(server.Factory, "system/Organization.rs");
        foreach (var (name, request) in Routes())
        {
            using var message = request();
            using var response = await client.SendAsync(message);
            await AssertRefusedAsync(name, response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task AReadOnlyScope_CannotWriteInABundleEntry()
    {
        using var client = ServerFixture.AuthorizedClient(server.Factory, "system/*.rs");
        var bundle = """{"resourceType":"Bundle","type":"transaction","entry":[{"request":{"method":"POST","url":"Organization"},"resource":{"resourceType":"Organization","name":"x"}}]}""";
        using var response = await client.PostAsync("/fhir", bundle);
        await AssertRefusedAsync("transaction create", response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ARevokedClientsTokenIsRefusedAtOnce()
    {
        using (var scope = server.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<Server.Security.ClientRegistry>();
            await registry.AddOrUpdateAsync("intruder-test-client", null, [], "a-secret-of-its-own", null, "system/*.rs", default);
        }
        using var issued = await server.Anonymous.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "intruder-test-client", ["client_secret"] = "a-secret-of-its-own", ["scope"] = "system/Patient.rs",
        }));
        var token = (string)JsonNode.Parse(await issued.Content.ReadAsStringAsync())!["access_token"]!;
        using var client = server.WithToken(token);
        await (await client.GetAsync($"/fhir/Patient/{_patientId}")).ExpectAsync(200);

        using (var scope = server.Services.CreateScope())
        {
            var registry = scope.ServiceProvider.GetRequiredService<Server.Security.ClientRegistry>();
            Assert.True(await registry.RevokeAsync("intruder-test-client", default));
        }
        await AssertRefusedAsync("after revocation", await client.GetAsync($"/fhir/Patient/{_patientId}"), HttpStatusCode.Unauthorized);
    }

    private async Task AssertRefusedAsync(string name, HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{name}: expected {(int)status}, got {(int)response.StatusCode} {text}");
        var outcome = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("OperationOutcome", (string?)outcome["resourceType"]);
        // The refusal may repeat the URL the caller sent, never the record: no name, no ID number.
        Assert.DoesNotContain(_patientIdentifier, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"resourceType\":\"Patient\"", text, StringComparison.Ordinal);
    }
}

public sealed class IntruderTestsOnSqlite(SqliteSecurityFixture server) : IntruderTests(server), IClassFixture<SqliteSecurityFixture>;

public sealed class IntruderTestsOnPostgres(PostgresSecurityFixture server) : IntruderTests(server), IClassFixture<PostgresSecurityFixture>;
