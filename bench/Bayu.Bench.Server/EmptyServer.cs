namespace Bayu.Bench.Server;

/// <summary>The HTTP baseline: an empty ASP.NET Core endpoint on Kestrel, in its own process like the server.</summary>
internal static class EmptyServer
{
    public static int Run(BenchOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Urls ?? "http://127.0.0.1:5099");
        var app = builder.Build();
        app.MapGet("/empty", () => Results.Text("{}", "application/fhir+json"));
        app.MapPost("/empty", () => Results.Text("{}", "application/fhir+json", statusCode: 201));
        app.Run();
        return 0;
    }
}
