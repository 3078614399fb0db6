using Bayu.Engine.Access;
using Bayu.Engine.Pipeline;
using Bayu.Server.Platform;
using Bayu.Server.Security.Accounts;
using Bayu.Server.Security.Authorization;
using Bayu.Server.Storage;
using Bayu.Storage.Store;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpenIddict.Validation.AspNetCore;

namespace Bayu.Server.Security;

/// <summary>
/// The platform's security (issue 14, ADR 0900): the embedded OpenIddict authorization server with
/// SMART App Launch and Backend Services, token validation on every endpoint, the request context
/// from the token, and the engine's access interceptor enforcing scopes and role rules.
/// </summary>
public static class SecurityExtensions
{
    public static IHostApplicationBuilder AddPlatformSecurity(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindSection(SecurityOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingletonTimeProvider();
        services.AddSingleton(provider => SecurityKeys.LoadOrCreate(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton(AuthSchema.Migrations);
        services.AddDbContext<AuthDbContext>((provider, options) =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.Provider == StoreProvider.Postgres)
            {
                options.UseNpgsql(storage.PostgresConnectionString);
            }
            else
            {
                options.UseSqlite($"Data Source={Path.Combine(storage.DataDirectory, ResourceStores.SqliteFileName)};Default Timeout=30");
            }
            options.UseOpenIddict();
        });
        services.AddScoped<AccountService>();
        services.AddScoped<ClientRegistry>();
        services.AddSingleton<IOneTimeCodeSender>(provider => new DemoFileCodeSender(provider.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton<LaunchContexts>();
        services.AddSingleton(_ => AccessRules.Default);
        services.AddSingleton<CareRelationships>(provider => new CareRelationships(provider.GetRequiredService<IResourceStore>(), provider.GetRequiredService<TimeProvider>()));
        var enforce = builder.Configuration.GetValue($"{SecurityOptions.Section}:Enforce", true);
        if (enforce)
        {
            services.AddSingleton<IFhirInterceptor>(provider => new AccessInterceptor(provider.GetRequiredService<AccessRules>(), provider.GetRequiredService<CareRelationships>(), provider.GetRequiredService<IResourceStore>()));
            services.AddSingleton<IFhirInterceptor>(provider => new CareRelationshipRefresh(provider.GetRequiredService<CareRelationships>()));
        }
        else
        {
            services.AddHostedService<UnenforcedWarning>();
        }

        services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<AuthDbContext>())
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("auth/authorize")
                    .SetTokenEndpointUris("auth/token")
                    .SetIntrospectionEndpointUris("auth/introspect")
                    .SetRevocationEndpointUris("auth/revoke")
                    .SetJsonWebKeySetEndpointUris("auth/jwks")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration")
                    .SetEndSessionEndpointUris("auth/logout");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RequireProofKeyForCodeExchange();
                // SMART scopes are open-ended (patient/Observation.rs?category=…): Bayu checks them itself.
                server.DisableScopeValidation().IgnoreScopePermissions();
                server.DisableAccessTokenEncryption();
                server.RegisterAudiences(SmartClaims.FhirAudience);
                server.RemoveEventHandler(OpenIddict.Server.OpenIddictServerHandlers.Introspection.ValidateAuthorizedParty.Descriptor);
                server.AddEventHandler(IntrospectionParty.Descriptor);
                server.AddEventHandler(IntrospectionContext.Descriptor);
                server.Configure(o => o.CodeChallengeMethods.Remove(OpenIddict.Abstractions.OpenIddictConstants.CodeChallengeMethods.Plain));
                server.SetRefreshTokenLifetime(TimeSpan.FromDays(builder.Configuration.GetValue($"{SecurityOptions.Section}:RefreshTokenDays", 14)));
                server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough()
                    // TLS ends at the health network's gateway in front of the platform.
                    .DisableTransportSecurityRequirement();
            })
            .AddValidation(validation =>
            {
                validation.UseLocalServer();
                validation.AddAudiences(SmartClaims.FhirAudience);
                // A revoked token or client is refused at once, not when the token expires.
                validation.EnableTokenEntryValidation();
                // Tokens only in the Authorization header: a token in a URL ends up in logs, and reading
                // it from a form body would parse every FHIR _search form before the FHIR layer can
                // refuse a malformed one with an OperationOutcome.
                validation.UseAspNetCore().DisableAccessTokenExtractionFromBodyForm().DisableAccessTokenExtractionFromQueryString();
            });
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>().Configure<SecurityKeys>((server, keys) =>
        {
            server.SigningCredentials.Add(new Microsoft.IdentityModel.Tokens.SigningCredentials(keys.Signing, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.RsaSha256));
            server.EncryptionCredentials.Add(new Microsoft.IdentityModel.Tokens.EncryptingCredentials(keys.Encryption, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256KW, Microsoft.IdentityModel.Tokens.SecurityAlgorithms.Aes256CbcHmacSha512));
        });

        services.AddAuthentication(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
            {
                cookie.LoginPath = "/auth/login";
                cookie.ReturnUrlParameter = "returnUrl";
                cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
                cookie.SlidingExpiration = true;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
            });
        services.AddAuthorization(authorization => authorization.FallbackPolicy = enforce
            ? new AuthorizationPolicyBuilder(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme).RequireAuthenticatedUser().Build()
            : null);
        return builder;
    }

    /// <summary>The demo's accounts and clients, after the demo region is seeded (hosted services start in order).</summary>
    public static IHostApplicationBuilder AddDemoSignIns(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHostedService<DemoSignIns>();
        return builder;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    public static WebApplication UsePlatformSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<SecurityRefusals>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<TokenRequestContext>();
        return app;
    }

    public static IEndpointRouteBuilder MapPlatformSecurity(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMethods("/auth/authorize", ["GET", "POST"], AuthorizeEndpoint.HandleAsync).AllowAnonymous();
        app.MapPost("/auth/token", TokenEndpoint.HandleAsync).AllowAnonymous();
        app.MapGet("/auth/login", LoginEndpoints.Show).AllowAnonymous();
        app.MapPost("/auth/login", LoginEndpoints.PostAsync).AllowAnonymous().DisableAntiforgery();
        app.MapGet("/auth/pick-patient", LoginEndpoints.PickPatientAsync).AllowAnonymous();
        app.MapMethods("/auth/logout", ["GET", "POST"], async (HttpContext http) =>
        {
            await Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions.SignOutAsync(http, CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
            return Results.SignOut(authenticationSchemes: [OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }).AllowAnonymous();
        app.MapGet("/.well-known/smart-configuration", SmartConfiguration.Get).AllowAnonymous();
        app.MapGet("/fhir/.well-known/smart-configuration", SmartConfiguration.Get).AllowAnonymous();
        app.MapPost("/auth/launch", LaunchEndpoint.Create);
        return app;
    }
}
