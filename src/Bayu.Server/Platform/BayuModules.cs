using Bayu.Server.Modules.InstitutionRegistry;

namespace Bayu.Server.Platform;

/// <summary>
/// The installed capability modules, in one list that the server and <c>bayu worker</c> share, so a
/// worker process has the same handlers, job kinds and schema as the server (docs/modules.md).
/// </summary>
public static class BayuModules
{
    public static IHostApplicationBuilder AddBayuModules(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddInstitutionRegistry();
        return builder;
    }

    public static IEndpointRouteBuilder MapBayuModules(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A module's FHIR operations are served on the engine's routes; only other endpoints are
        // mapped here (the institution registry has none).
        return app;
    }
}
