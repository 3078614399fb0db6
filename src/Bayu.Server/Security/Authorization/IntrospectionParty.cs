using System.Text.Json;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Bayu.Server.Security.Authorization;

/// <summary>
/// Who may introspect a token. OpenIddict allows only the token's own audience or presenter; a
/// SMART resource server (a hospital's FHIR façade, the portal's back end) introspects tokens issued
/// to other apps, so a confidential client registered as a resource server
/// (<see cref="SmartClaims.ResourceServerProperty"/>) may as well. Anyone else learns only
/// <c>active: false</c>.
/// </summary>
internal sealed class IntrospectionParty(IOpenIddictApplicationManager applications) : IOpenIddictServerHandler<OpenIddictServerEvents.ValidateIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.ValidateIntrospectionRequestContext>()
        .UseScopedHandler<IntrospectionParty>()
        .SetOrder(OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor.Order)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public async ValueTask HandleAsync(OpenIddictServerEvents.ValidateIntrospectionRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var principal = context.GenericTokenPrincipal;
        if (principal is null || string.IsNullOrEmpty(context.ClientId))
        {
            return;
        }
        if (principal.HasAudience(context.ClientId) || principal.HasPresenter(context.ClientId))
        {
            return;
        }
        var application = await applications.FindByClientIdAsync(context.ClientId).ConfigureAwait(false);
        var properties = application is null ? null : await applications.GetPropertiesAsync(application).ConfigureAwait(false);
        if (properties is not null && properties.TryGetValue(SmartClaims.ResourceServerProperty, out var flag) && flag.ValueKind == JsonValueKind.True)
        {
            return;
        }
        context.Reject(Errors.InvalidToken, "the token was not issued to this client");
    }
}

/// <summary>
/// What a resource server learns of an active token it may introspect (SMART App Launch 2.x,
/// token introspection): the scopes and the launch context, <c>patient</c>, <c>encounter</c> and
/// <c>fhirUser</c>. OpenIddict gives application claims only to the token's own audience.
/// </summary>
internal sealed class IntrospectionContext : IOpenIddictServerHandler<OpenIddictServerEvents.HandleIntrospectionRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } = OpenIddictServerHandlerDescriptor.CreateBuilder<OpenIddictServerEvents.HandleIntrospectionRequestContext>()
        .UseSingletonHandler<IntrospectionContext>()
        .SetOrder(OpenIddictServerHandlers.Introspection.AttachApplicationClaims.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    public ValueTask HandleAsync(OpenIddictServerEvents.HandleIntrospectionRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.GenericTokenPrincipal is not { } principal || !principal.HasTokenType(TokenTypeIdentifiers.AccessToken))
        {
            return ValueTask.CompletedTask;
        }
        context.Scopes.UnionWith(principal.GetScopes());
        foreach (var type in new[] { SmartClaims.Patient, SmartClaims.Encounter, SmartClaims.FhirUser })
        {
            if (principal.GetClaim(type) is { Length: > 0 } value)
            {
                context.Claims[type] = value;
            }
        }
        return ValueTask.CompletedTask;
    }
}
