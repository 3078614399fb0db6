using Bayu.Server.Platform;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// 机构注册 / 接入机构登记 — the institution registry: which institutions are connected (the
/// institution-typed Organizations of the shared record) and what each last submitted, which the
/// supervision KPIs build on. The worked example of docs/modules.md. Its one operation is served on
/// the engine's operation routes, so the module maps no endpoint of its own (no Map).
/// </summary>
public static class InstitutionRegistryModule
{
    /// <summary>Configuration section <c>Bayu:Modules:InstitutionRegistry</c>, schema module of the same name.</summary>
    public const string Name = "InstitutionRegistry";

    public static IHostApplicationBuilder AddInstitutionRegistry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddModule(Name)
            .WithOptions<InstitutionRegistryOptions>()
            .WithMigrations(RegistrySchema.Migrations)
            .WithOperation<InstitutionRegistryOperation>()
            .WithOutboxHandler<SubmissionHandler>(SubmissionHandler.Subscription);
        builder.Services.AddSingleton<SubmissionTable>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        return builder;
    }
}
