using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bayu.Demo.Region;
using Bayu.Server.Security;
using Bayu.Server.Tests.Infrastructure;
using Bayu.Storage.Store;

namespace Bayu.Server.Tests.Security;

/// <summary>A host with a small demo region and its demo sign-ins, and the flows a SMART app goes through.</summary>
public abstract class SecurityFixture : ServerFixture
{
    public const int Residents = 12;
    public const string AppClient = DemoSignIns.PortalClientId;
    public const string Redirect = "http://localhost:5173/callback";

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Bayu:Demo:Seed"] = "true";
        settings["Bayu:Demo:Residents"] = Residents.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal IReadOnlyList<DemoSignIns.DemoPerson> People => DemoSignIns.People(new DemoRegionGenerator(new DemoRegionOptions(DemoRegionOptions.DefaultSeed, Residents))).ToList();

    internal DemoSignIns.DemoPerson Person(string role) => People.First(p => p.Roles.Split(' ').Contains(role));

    public string DataDirectory => Settings["Bayu:DataDirectory"]!;

    /// <summary>Signs in through the HTML form as a script would (send code, read it from the demo SMS file, sign in), then runs the code flow with PKCE.</summary>
    internal async Task<JsonDocument> SignInAsync(DemoSignIns.DemoPerson person, string scope, string? password = null, string? pickPatient = null)
    {
        using var http = NewBrowser(out var cookies);
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var authorize = "/auth/authorize?" + Query(new()
        {
            ["response_type"] = "code", ["client_id"] = AppClient, ["redirect_uri"] = Redirect, ["scope"] = scope, ["state"] = "state-12345678",
            ["aud"] = "http://localhost/fhir", ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
        });
        using var first = await http.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var returnUrl = System.Web.HttpUtility.ParseQueryString(first.Headers.Location!.Query)["returnUrl"]!;
        var kind = person.Kind switch { Server.Security.Accounts.AccountKind.Resident => "resident", Server.Security.Accounts.AccountKind.Practitioner => "practitioner", _ => "administrator" };
        var form = new Dictionary<string, string> { ["returnUrl"] = returnUrl, ["kind"] = kind, ["username"] = person.Login, ["password"] = password ?? DemoSignIns.DefaultPassword };
        if (person.Phone is not null)
        {
            using var sent = await http.PostAsync("/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["action"] = "send-code" }));
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            form["code"] = (await File.ReadAllLinesAsync(Path.Combine(DataDirectory, "demo-sms.log"))).Last(l => l.Contains(person.Phone, StringComparison.Ordinal)).Split(' ')[2];
        }
        using var signedIn = await http.PostAsync("/auth/login", new FormUrlEncodedContent(new Dictionary<string, string>(form) { ["action"] = "sign-in" }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var location = signedIn.Headers.Location!.ToString();
        var back = await http.GetAsync(location);
        if (back.Headers.Location!.OriginalString.StartsWith("/auth/pick-patient", StringComparison.Ordinal))
        {
            // A practitioner's standalone launch: the picker lists the institution's patients; choose one.
            var picker = back.Headers.Location!.OriginalString;
            back.Dispose();
            using var picked = await http.GetAsync(picker + "&patient=" + Uri.EscapeDataString(pickPatient?["Patient/".Length..] ?? throw new InvalidOperationException("the practitioner must pick a patient")));
            Assert.Equal(HttpStatusCode.Redirect, picked.StatusCode);
            back = await http.GetAsync(picked.Headers.Location!.OriginalString);
        }
        var callback = back.Headers.Location!;
        back.Dispose();
        Assert.StartsWith(Redirect, callback.ToString(), StringComparison.Ordinal);
        var code = System.Web.HttpUtility.ParseQueryString(callback.Query)["code"] ?? throw new InvalidOperationException("no code: " + callback);
        using var token = await http.PostAsync("/auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["client_id"] = AppClient, ["code"] = code, ["redirect_uri"] = Redirect, ["code_verifier"] = verifier,
        }));
        var body = await token.Content.ReadAsStringAsync();
        Assert.True(token.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body);
    }

    public HttpClient WithToken(string token)
    {
        var client = Factory.CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient NewBrowser(out CookieContainer cookies)
    {
        cookies = new CookieContainer();
        return Factory.CreateDefaultClient(new CookieHandler(cookies));
    }

    private static string Query(Dictionary<string, string> parameters) => string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"));

    /// <summary>Keeps cookies across requests of the in-memory test client (it has no cookie container of its own).</summary>
    private sealed class CookieHandler(CookieContainer cookies) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(new Uri("http://localhost"), request.RequestUri);
            if (cookies.GetCookieHeader(uri) is { Length: > 0 } header)
            {
                request.Headers.Add("Cookie", header);
            }
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var cookie in set)
                {
                    cookies.SetCookies(uri, cookie);
                }
            }
            return response;
        }
    }
}

public sealed class SqliteSecurityFixture : SecurityFixture
{
    public override StoreProvider Provider => StoreProvider.Sqlite;
}

public sealed class PostgresSecurityFixture : SecurityFixture
{
    public override StoreProvider Provider => StoreProvider.Postgres;
}
