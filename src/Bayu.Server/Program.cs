using Bayu.Server.Demo;
using Bayu.Server.Fhir;

var builder = WebApplication.CreateBuilder(args);
builder.AddFhirServer();
builder.AddDemoSeeding();

var app = builder.Build();
app.UseFhirErrors();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapFhir();

app.Run();
