using Bayu.Server.Fhir;

var builder = WebApplication.CreateBuilder(args);

var app = builder.Build();

app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
app.MapFhirMetadata();

app.Run();
