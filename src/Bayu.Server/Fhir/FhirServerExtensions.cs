using Bayu.Engine.Interactions;
using Bayu.Engine.Operations;
using Bayu.Engine.Pipeline;
using Bayu.Fhir.Definitions;
using Bayu.Server.Limits;
using Bayu.Server.Storage;
using Bayu.Server.Validation;
using Bayu.Storage.Store;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Fhir;

/// <summary>Registers the FHIR REST surface: the store, the engine and its pipeline, the capability statement.</summary>
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
        builder.Services.AddSingleton<IOperationHandler, ValidateOperation>();
        builder.Services.AddSingleton<IEntryPatcher, JsonPatchEntryPatcher>();
        builder.Services.AddSingleton(services => new InterceptorPipeline(services.GetServices<IFhirInterceptor>()));
        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return new FhirEngine(
                services.GetRequiredService<IResourceStore>(),
                new EngineOptions
                {
                    AllowCreateOnUpdate = options.AllowCreateOnUpdate,
                    BatchChunkEntries = options.BatchChunkEntries,
                    BatchChunkTime = TimeSpan.FromMilliseconds(options.BatchChunkMilliseconds),
                    SearchLimits = services.GetRequiredService<IOptions<LimitsOptions>>().Value.ToSearchLimits(),
                },
                services.GetRequiredService<InterceptorPipeline>(),
                // Read when first needed: an operation that calls back into the engine could not
                // be built inside this factory (OperationEndpoints reads them when it maps).
                patcher: services.GetService<IEntryPatcher>()).WithOperations(() => services.GetServices<IOperationHandler>());
        });
        return builder;
    }
}
