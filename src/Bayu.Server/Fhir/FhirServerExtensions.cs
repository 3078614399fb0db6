using Bayu.Fhir.Definitions;
using Bayu.Server.Storage;

namespace Bayu.Server.Fhir;

/// <summary>Registers the FHIR REST module (store, write path, capability statement).</summary>
public static class FhirServerExtensions
{
    public static IHostApplicationBuilder AddFhirServer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddFhirStorage();
        builder.Services.AddSingleton(_ => DefinitionRegistry.Default);
        builder.Services.AddSingleton<CapabilityStatementBuilder>();
        return builder;
    }
}
