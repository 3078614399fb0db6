using System.Security.Claims;
using Bayu.Engine.Access;
using Bayu.Server.Security.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// The sign-in page behind the authorize step: POST with <c>action=send-code</c> checks the password
/// and sends a one-time code; <c>action=sign-in</c> checks password and code and sets the sign-in
/// cookie, then returns to the authorize request. One message for every failure (no account oracle).
/// </summary>
internal static class LoginEndpoints
{
    private const string Failed = "账号、密码或验证码不正确。The login, password or code is wrong.";
    private const string Locked = "失败次数过多，账户已暂时锁定。Too many failed attempts: the account is locked for a while.";

    public static IResult Show([FromQuery] string? returnUrl) => Html(LoginPage.Render(SafeReturn(returnUrl), null, null, null, codeSent: false));

    public static async Task<IResult> PostAsync(HttpContext http, AccountService accounts, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct).ConfigureAwait(false);
        var returnUrl = SafeReturn(form["returnUrl"]);
        var kindText = form["kind"].ToString();
        var username = form["username"].ToString();
        var password = form["password"].ToString();
        if (!TryKind(kindText, out var kind) || username.Length is 0 or > 64 || password.Length is 0 or > 256)
        {
            return Html(LoginPage.Render(returnUrl, Failed, kindText, null, false), StatusCodes.Status400BadRequest);
        }
        var account = await accounts.FindAsync(kind, username, ct).ConfigureAwait(false);
        var sendCode = form["action"] == "send-code";
        var outcome = await accounts.CheckAsync(account, password, form["code"], codeNeeded: !sendCode, ct).ConfigureAwait(false);
        switch (outcome)
        {
            case SignInFailure.None when sendCode && account!.PhoneCipher is not null:
            case SignInFailure.CodeRequired:
                await accounts.SendCodeAsync(account!, ct).ConfigureAwait(false);
                return Html(LoginPage.Render(returnUrl, null, kindText, username, codeSent: true));
            case SignInFailure.None:
                var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account!.Id)], AuthorizeEndpoint.SignInScheme);
                await http.SignInAsync(AuthorizeEndpoint.SignInScheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
                return Results.Redirect(returnUrl);
            case SignInFailure.LockedOut:
                return Html(LoginPage.Render(returnUrl, Locked, kindText, username, false), StatusCodes.Status429TooManyRequests);
            default:
                return Html(LoginPage.Render(returnUrl, Failed, kindText, username, false), StatusCodes.Status401Unauthorized);
        }
    }

    /// <summary>A practitioner launching standalone with <c>launch/patient</c> picks one of the patients in their institution's care.</summary>
    public static async Task<IResult> PickPatientAsync(HttpContext http, AccountService accounts, CareRelationships care, [FromQuery] string? returnUrl, [FromQuery] string? patient, CancellationToken ct)
    {
        var back = SafeReturn(returnUrl);
        var cookie = await http.AuthenticateAsync(AuthorizeEndpoint.SignInScheme).ConfigureAwait(false);
        var account = cookie.Succeeded ? await accounts.FindByIdAsync(cookie.Principal!.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", ct).ConfigureAwait(false) : null;
        if (account?.Organization is not { } organization)
        {
            return Results.Redirect("/auth/login?returnUrl=" + Uri.EscapeDataString(back));
        }
        var reach = await care.PatientsOfAsync(organization, ct).ConfigureAwait(false);
        if (patient is { Length: > 0 } && reach.Contains(patient))
        {
            return Results.Redirect(back + (back.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "bayu_patient=" + Uri.EscapeDataString(patient));
        }
        return Html(LoginPage.RenderPatientPicker(back, [.. reach.Order(StringComparer.Ordinal).Take(200).Select(id => (id, "Patient/" + id))]));
    }

    private static bool TryKind(string text, out AccountKind kind)
    {
        kind = text switch { "resident" => AccountKind.Resident, "practitioner" => AccountKind.Practitioner, "administrator" => AccountKind.Administrator, _ => (AccountKind)(-1) };
        return Enum.IsDefined(kind);
    }

    /// <summary>Only a local authorize URL: a sign-in page that redirects anywhere would be an open redirect.</summary>
    private static string SafeReturn(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith("/auth/authorize", StringComparison.Ordinal) && !returnUrl.StartsWith("//", StringComparison.Ordinal) ? returnUrl : "/auth/authorize";

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
}
