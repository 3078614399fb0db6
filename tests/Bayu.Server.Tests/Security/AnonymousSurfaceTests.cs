using System.Net;
using Bayu.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Security;

/// <summary>
/// What answers without a token: exactly the discovery documents, the health check, the
/// CapabilityStatement and the sign-in itself — and none of them gives away a resident's data or
/// whether an account exists.
/// </summary>
public abstract class AnonymousSurfaceTests(SecurityFixture server)
{
    private static readonly string[] Expected =
    [
        "GET /.well-known/smart-configuration", "GET /fhir/.well-known/smart-configuration", "GET /health", "GET /fhir/metadata",
        "GET,POST /auth/authorize", "POST /auth/token", "GET /auth/login", "POST /auth/login", "GET /auth/pick-patient", "GET,POST /auth/logout",
    ];

    [Fact]
    public void OnlyDiscoveryHealthMetadataAndSignInAllowAnonymousAccess()
    {
        var anonymous = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} /{e.RoutePattern.RawText!.TrimStart('/')}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(Expected.Order(StringComparer.Ordinal), anonymous);
    }

    [Fact]
    public async Task NoAnonymousAnswerCarriesAResidentsData()
    {
        var residents = (await (await server.Client.GetAsync("/fhir/Patient?_count=50")).ExpectAsync(200))!.Entries().Select(e => e["resource"]!).ToList();
        var secrets = residents.SelectMany(r => new[] { (string?)r["identifier"]![0]!["value"], (string?)r["name"]![0]!["text"], (string?)r["telecom"]?[0]?["value"], (string?)r["id"] })
            .OfType<string>().ToList();
        var requests = new (HttpMethod Method, string Path, HttpContent? Body)[]
        {
            (HttpMethod.Get, "/.well-known/smart-configuration", null), (HttpMethod.Get, "/fhir/.well-known/smart-configuration", null),
            (HttpMethod.Get, "/health", null), (HttpMethod.Get, "/fhir/metadata", null),
            (HttpMethod.Get, "/auth/authorize?response_type=code&client_id=bayu-demo-app&scope=patient/*.rs", null),
            (HttpMethod.Post, "/auth/token", new FormUrlEncodedContent([new("grant_type", "authorization_code"), new("client_id", "bayu-demo-app"), new("code", "forged")])),
            (HttpMethod.Get, "/auth/login", null),
            (HttpMethod.Get, "/auth/pick-patient?returnUrl=/auth/authorize", null),
            (HttpMethod.Get, "/auth/logout", null),
        };
        foreach (var (method, path, body) in requests)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body };
            using var response = await server.Anonymous.SendAsync(request);
            Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(secrets, s => text.Contains(s, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ThePatientPickerWithoutASignedInPractitionerSendsToTheLoginPage_ListingNoOne()
    {
        using var response = await server.Anonymous.GetAsync("/auth/pick-patient?returnUrl=/auth/authorize");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLoginAnswersAnUnknownAccountAndAWrongPasswordAlike()
    {
        var doctor = server.Person("family-doctor");
        async Task<(HttpStatusCode, string)> TryAsync(string username)
        {
            using var response = await server.Anonymous.PostAsync("/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["kind"] = "practitioner", ["username"] = username, ["password"] = "not-the-password", ["action"] = "sign-in", ["returnUrl"] = "/auth/authorize",
            }));
            return (response.StatusCode, (await response.Content.ReadAsStringAsync()).Replace(username, "", StringComparison.Ordinal));
        }
        Assert.Equal(await TryAsync("no-such-licence-000"), await TryAsync(doctor.Login));
    }

    [Fact]
    public async Task AnAuthorizeRequestForAnotherServerIsRefused()
    {
        using var response = await server.Anonymous.GetAsync("/auth/authorize?response_type=code&client_id=bayu-demo-app&redirect_uri=http://localhost:5173/callback&scope=patient/*.rs&state=12345678&code_challenge=abcdefghijabcdefghijabcdefghijabcdefghij123&code_challenge_method=S256&aud=https://elsewhere.example/fhir");
        // The client and redirect URI are valid, so OAuth sends the error back to the app (RFC 6749 §4.1.2.1), with no code.
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith("http://localhost:5173/callback", location, StringComparison.Ordinal);
        Assert.Contains("error=invalid_request", location, StringComparison.Ordinal);
        Assert.DoesNotContain("code=", location, StringComparison.Ordinal);
    }
}

public sealed class AnonymousSurfaceTestsOnSqlite(SqliteSecurityFixture server) : AnonymousSurfaceTests(server), IClassFixture<SqliteSecurityFixture>;

public sealed class AnonymousSurfaceTestsOnPostgres(PostgresSecurityFixture server) : AnonymousSurfaceTests(server), IClassFixture<PostgresSecurityFixture>;
