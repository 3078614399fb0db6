using Bayu.Server.Demo;
using Bayu.Server.Fhir;
using Bayu.Server.Platform;
using Bayu.Server.Platform.Workers;
using Bayu.Server.Security;

namespace Bayu.Server;

/// <summary>
/// The server's composition in one place: what Program runs, and what a host that adds to it
/// (the fault tests' probe module) builds, so neither drifts from the other.
/// </summary>
public static class ServerHost
{
    /// <param name="configure">Adds to the services after the platform's modules, before the workers.</param>
    public static WebApplication Build(string[] args, Action<IHostApplicationBuilder>? configure = null)
    {
        // Settings are validated once at start-up, so appsettings are not watched: the watch on the
        // content root also delivered every write of a data directory below it (7% of CPU under load).
        var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
        builder.AddFhirServer();
        builder.AddPlatformSecurity();
        builder.AddBayuModules();
        configure?.Invoke(builder);
        builder.AddPlatformWorkers();
        builder.AddDemoSeeding();
        builder.AddDemoSignIns();

        var app = builder.Build();
        app.UseFhirErrors();
        app.UsePlatformSecurity();
        app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).AllowAnonymous();
        app.MapPlatformSecurity();
        app.MapFhir();
        app.MapPlatformWorkers();
        app.MapBayuModules();
        return app;
    }
}
