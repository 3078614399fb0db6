namespace Bayu.Server.Fhir;

/// <summary>The CapabilityStatement: it lists only what this build actually implements.</summary>
public static class MetadataEndpoints
{
    public static IEndpointRouteBuilder MapFhirMetadata(this IEndpointRouteBuilder app)
    {
        app.MapGet("/fhir/metadata", () => TypedResults.Text(CapabilityJson, "application/fhir+json"));
        return app;
    }

    private const string CapabilityJson = """
        {"resourceType":"CapabilityStatement","status":"active","date":"2026-11-23","kind":"instance","software":{"name":"Bayu"},"fhirVersion":"4.0.1","format":["json"],"rest":[{"mode":"server"}]}
        """;
}
