using Bayu.Server.Demo;
using Bayu.Server.Fhir;
using Bayu.Server.Platform;
using Bayu.Server.Platform.Workers;

if (args is ["worker", .. var workerArgs])
{
    return await WorkerHost.RunAsync(workerArgs);
}

// Settings are validated once at start-up, so appsettings are not watched: the watch on the
// content root also delivered every write of a data directory below it (7% of CPU under load).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddFhirServer();
builder.AddBayuModules();
builder.AddPlatformWorkers();
builder.AddDemoSeeding();

var app = builder.Build();
app.UseFhirErrors();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapFhir();
app.MapPlatformWorkers();
app.MapBayuModules();

await app.RunAsync();
return 0;
