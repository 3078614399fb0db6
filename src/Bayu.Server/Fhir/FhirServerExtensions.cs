using Bayu.Fhir.Definitions;
using Bayu.Server.Limits;
using Bayu.Server.Storage;
using Bayu.Server.Validation;

namespace Bayu.Server.Fhir;

/// <summary>Registers the FHIR REST module (store, write path, capability statement).</summary>
public static class FhirServerExtensions
{
    public static IHostApplicationBuilder AddFhirServer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddRequestLimits();
        builder.AddFhirStorage();
        builder.AddWriteValidation();
        builder.Services.AddSingleton(_ => DefinitionRegistry.Default);
        builder.Services.AddSingleton<CapabilityStatementBuilder>();
        builder.Services.AddSingleton<Bayu.Storage.Writing.IEntryPatcher, JsonPatchEntryPatcher>();
        return builder;
    }
}
