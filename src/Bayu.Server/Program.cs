using Bayu.Server.Demo;
using Bayu.Server.Fhir;

// Settings are validated once at start-up, so appsettings are not watched: the watch on the
// content root also delivered every write of a data directory below it (7% of CPU under load).
var builder = WebApplication.CreateBuilder([.. args, "--hostBuilder:reloadConfigOnChange=false"]);
builder.AddFhirServer();
builder.AddDemoSeeding();

var app = builder.Build();
app.UseFhirErrors();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapFhir();

app.Run();
