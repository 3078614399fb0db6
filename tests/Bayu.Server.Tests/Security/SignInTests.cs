using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bayu.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bayu.Server.Tests.Security;

/// <summary>
/// SMART App Launch as a resident and a practitioner go through it: the discovery documents, the
/// login form with the one-time code, PKCE, the launch context in the token response, refresh,
/// introspection and lockout.
/// </summary>
public abstract class SignInTests(SecurityFixture server)
{
    [Fact]
    public async Task TheSmartConfigurationIsAbsoluteAndOffersS256Only()
    {
        foreach (var path in new[] { "/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration" })
        {
            using var response = await server.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var config = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "introspection_endpoint", "revocation_endpoint", "jwks_uri" })
            {
                Assert.True(Uri.TryCreate((string?)config[endpoint], UriKind.Absolute, out _), $"{endpoint} is not absolute: {config[endpoint]}");
            }
            Assert.Equal(["S256"], config["code_challenge_methods_supported"]!.AsArray().Select(m => (string)m!));
            Assert.Contains("launch-standalone", config["capabilities"]!.AsArray().Select(c => (string)c!));
        }
        using var openid = await server.Anonymous.GetAsync("/.well-known/openid-configuration");
        var oidc = JsonNode.Parse(await openid.Content.ReadAsStringAsync())!.AsObject();
        Assert.DoesNotContain("plain", oidc["code_challenge_methods_supported"]!.AsArray().Select(m => (string)m!));
    }

    [Fact]
    public async Task AResidentSignsInWithIdNumberPasswordAndCode_AndIsTheirOwnPatientContext()
    {
        var resident = server.Person("resident");
        using var token = await server.SignInAsync(resident, "openid fhirUser launch/patient patient/*.rs offline_access");
        var body = token.RootElement;
        Assert.Equal(resident.FhirUser, "Patient/" + body.GetProperty("patient").GetString());
        Assert.True(body.GetProperty("need_patient_banner").GetBoolean());
        Assert.True(body.TryGetProperty("id_token", out _));
        Assert.True(body.TryGetProperty("refresh_token", out _));

        using var client = server.WithToken(body.GetProperty("access_token").GetString()!);
        var own = (await (await client.GetAsync("/fhir/" + resident.FhirUser)).ExpectAsync(200))!;
        Assert.Equal(resident.FhirUser, "Patient/" + own.Id());
        var search = (await (await client.GetAsync("/fhir/Patient?_total=accurate")).ExpectAsync(200))!;
        Assert.Equal(1, (int)search["total"]!);
    }

    [Fact]
    public async Task ARefreshTokenGivesANewAccessTokenWithTheSameContext()
    {
        var resident = server.Person("resident");
        using var token = await server.SignInAsync(resident, "openid fhirUser launch/patient patient/*.rs offline_access");
        using var refreshed = await server.Anonymous.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = SecurityFixture.AppClient, ["refresh_token"] = token.RootElement.GetProperty("refresh_token").GetString()!,
        }));
        var body = JsonNode.Parse(await refreshed.Content.ReadAsStringAsync())!.AsObject();
        Assert.True(refreshed.IsSuccessStatusCode, body.ToJsonString());
        Assert.Equal(token.RootElement.GetProperty("patient").GetString(), (string?)body["patient"]);
        using var client = server.WithToken((string)body["access_token"]!);
        await (await client.GetAsync("/fhir/" + resident.FhirUser)).ExpectAsync(200);
    }

    [Fact]
    public async Task IntrospectionTellsAResourceServerWhoTheTokenIsFor()
    {
        var resident = server.Person("resident");
        using var token = await server.SignInAsync(resident, "openid fhirUser launch/patient patient/*.rs");
        var backend = await BackendTokenHandler.FetchAsync(server.Factory.Server.CreateHandler(), "system/*.rs");
        using var response = await server.Anonymous.PostAsync("/auth/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token.RootElement.GetProperty("access_token").GetString()!,
            ["client_id"] = BackendTokenHandler.ClientId, ["client_secret"] = BackendTokenHandler.Secret,
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.True((bool)body["active"]!, body.ToJsonString());
        Assert.True(token.RootElement.GetProperty("patient").GetString() == (string?)body["patient"], body.ToJsonString());
        Assert.Contains("patient/*.rs", (string)body["scope"]!, StringComparison.Ordinal);
        Assert.EndsWith(resident.FhirUser!, (string)body["fhirUser"]!, StringComparison.Ordinal);
        Assert.NotEmpty(backend.Token);
    }

    [Fact]
    public async Task AClientThatIsNotAResourceServer_LearnsNothingByIntrospection()
    {
        using (var scope = server.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Server.Security.ClientRegistry>().AddOrUpdateAsync("nosy-client", null, [], "nosy-secret", null, "system/Organization.rs", default);
        }
        using var token = await server.SignInAsync(server.Person("resident"), "openid fhirUser launch/patient patient/*.rs");
        using var response = await server.Anonymous.PostAsync("/auth/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token.RootElement.GetProperty("access_token").GetString()!, ["client_id"] = "nosy-client", ["client_secret"] = "nosy-secret",
        }));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.False((bool)body["active"]!, body.ToJsonString());
        Assert.Null(body["patient"]);
    }

    [Fact]
    public async Task APractitionerPicksAPatientOfTheirInstitution_AndTheTokenCarriesIt()
    {
        var doctor = server.Person("family-doctor");
        var resident = server.Person("resident");
        using var token = await server.SignInAsync(doctor, "openid fhirUser launch/patient patient/*.rs user/*.rs", pickPatient: resident.FhirUser);
        Assert.Equal(resident.FhirUser, "Patient/" + token.RootElement.GetProperty("patient").GetString());
        using var client = server.WithToken(token.RootElement.GetProperty("access_token").GetString()!);
        await (await client.GetAsync("/fhir/" + resident.FhirUser)).ExpectAsync(200);
    }

    [Fact]
    public async Task AWrongCodeOrPasswordIsRefused_AndFiveFailuresLockTheAccount()
    {
        var pharmacist = server.Person("pharmacist");
        using var browser = server.NewBrowser(out _);
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await browser.PostAsync("/auth/login", SignInForm(pharmacist, "wrong-password"));
            // The fifth failure may already answer as locked.
            Assert.True(failed.StatusCode == HttpStatusCode.Unauthorized || (attempt == 5 && failed.StatusCode == HttpStatusCode.TooManyRequests), $"attempt {attempt}: {failed.StatusCode}");
            Assert.DoesNotContain("Set-Cookie", failed.Headers.Select(h => h.Key));
        }
        // Now even the right password is refused until the lockout ends.
        using var locked = await browser.PostAsync("/auth/login", SignInForm(pharmacist, null));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AResidentWithoutTheOneTimeCodeIsRefused()
    {
        var resident = server.Person("resident");
        using var browser = server.NewBrowser(out _);
        var form = new Dictionary<string, string> { ["kind"] = "resident", ["username"] = resident.Login, ["password"] = Server.Security.DemoSignIns.DefaultPassword, ["code"] = "000000", ["action"] = "sign-in", ["returnUrl"] = "/" };
        using var refused = await browser.PostAsync("/auth/login", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static FormUrlEncodedContent SignInForm(Server.Security.DemoSignIns.DemoPerson person, string? password) => new(new Dictionary<string, string>
    {
        ["kind"] = "practitioner", ["username"] = person.Login, ["password"] = password ?? Server.Security.DemoSignIns.DefaultPassword, ["action"] = "sign-in", ["returnUrl"] = "/",
    });
}

public sealed class SignInTestsOnSqlite(SqliteSecurityFixture server) : SignInTests(server), IClassFixture<SqliteSecurityFixture>;

public sealed class SignInTestsOnPostgres(PostgresSecurityFixture server) : SignInTests(server), IClassFixture<PostgresSecurityFixture>;
