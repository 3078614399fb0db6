using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;

namespace Bayu.Server.Security.Authorization;

internal static class OAuthRefusal
{
    /// <summary>An OAuth error response (<c>error</c>, <c>error_description</c>) written by OpenIddict in the form the endpoint needs.</summary>
    public static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
