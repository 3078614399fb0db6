using System.Net;
using System.Text;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// The sign-in page: one plain HTML form (account type, login name, password, one-time code) that a
/// browser shows and a script or <c>curl</c> can post as well. Simplified Chinese first, English beside.
/// No script, no external resource: it works inside a closed health network.
/// </summary>
internal static class LoginPage
{
    public static string Render(string returnUrl, string? message, string? kind, string? username, bool codeSent)
    {
        var html = new StringBuilder();
        html.Append("""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>登录 Sign in · 巴渝健康 Bayu</title>
            <style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:26rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
            label{display:block;margin:.8rem 0 .2rem}input,select{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
            button{margin-top:1rem;padding:.6rem 1rem;font-size:1rem}.msg{color:#b42318;margin:.8rem 0}.hint{color:#57606a;font-size:.9rem}</style></head>
            <body><h1>巴渝健康 · 登录<br><small>Bayu · Sign in</small></h1>
            """);
        if (message is not null)
        {
            html.Append("<p class=\"msg\" role=\"alert\">").Append(WebUtility.HtmlEncode(message)).Append("</p>");
        }
        if (codeSent)
        {
            html.Append("<p class=\"hint\" role=\"status\">验证码已发送到您的手机。A one-time code was sent to your phone.</p>");
        }
        html.Append("<form method=\"post\" action=\"/auth/login\">");
        html.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl)).Append("\">");
        html.Append("<label for=\"kind\">账户类型 Account type</label><select id=\"kind\" name=\"kind\">");
        foreach (var (value, label) in new[] { ("resident", "居民（身份证号） Resident (ID number)"), ("practitioner", "医务人员（执业证号） Practitioner (licence number)"), ("administrator", "管理员 Administrator") })
        {
            html.Append("<option value=\"").Append(value).Append('"').Append(value == kind ? " selected" : "").Append('>').Append(label).Append("</option>");
        }
        html.Append("</select>");
        html.Append("<label for=\"username\">账号 Login</label><input id=\"username\" name=\"username\" autocomplete=\"username\" required value=\"")
            .Append(WebUtility.HtmlEncode(username ?? "")).Append("\">");
        html.Append("<label for=\"password\">密码 Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>");
        html.Append("<label for=\"code\">短信验证码 One-time code</label><input id=\"code\" name=\"code\" inputmode=\"numeric\" autocomplete=\"one-time-code\">");
        html.Append("<p class=\"hint\">居民登录需要验证码：先点“发送验证码”。Residents need a code: press “Send code” first.</p>");
        html.Append("<button type=\"submit\" name=\"action\" value=\"send-code\" formnovalidate>发送验证码 Send code</button> ");
        html.Append("<button type=\"submit\" name=\"action\" value=\"sign-in\">登录 Sign in</button>");
        html.Append("</form></body></html>");
        return html.ToString();
    }

    public static string RenderPatientPicker(string returnUrl, IReadOnlyList<(string Id, string Label)> patients)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>选择患者 Choose a patient</title></head><body>");
        html.Append("<h1>选择患者 <small>Choose a patient</small></h1><form method=\"get\" action=\"/auth/pick-patient\">");
        html.Append("<input type=\"hidden\" name=\"returnUrl\" value=\"").Append(WebUtility.HtmlEncode(returnUrl)).Append("\">");
        html.Append("<label for=\"patient\">患者 Patient</label><select id=\"patient\" name=\"patient\">");
        foreach (var (id, label) in patients)
        {
            html.Append("<option value=\"").Append(WebUtility.HtmlEncode(id)).Append("\">").Append(WebUtility.HtmlEncode(label)).Append("</option>");
        }
        html.Append("</select><button type=\"submit\">确定 Continue</button></form></body></html>");
        return html.ToString();
    }
}
