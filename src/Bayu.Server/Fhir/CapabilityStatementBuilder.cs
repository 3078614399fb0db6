using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace Bayu.Server.Fhir;

/// <summary>
/// Generates the CapabilityStatement from what this build implements: every R4 resource type with
/// the interactions the REST layer maps and the search parameters the store indexes.
/// </summary>
public sealed class CapabilityStatementBuilder(DefinitionRegistry registry, Microsoft.Extensions.Options.IOptions<Storage.StorageOptions> options)
{
    private readonly Lazy<CapabilityStatement> _template = new(() => BuildTemplate(registry, options.Value.AllowCreateOnUpdate));

    public CapabilityStatement Build(string baseUrl)
    {
        var statement = (CapabilityStatement)_template.Value.DeepCopy();
        statement.Implementation = new ImplementationComponent { Description = "Bayu regional health platform FHIR server", Url = baseUrl };
        return statement;
    }

    private static CapabilityStatement BuildTemplate(DefinitionRegistry registry, bool updateCreate)
    {
        TypeRestfulInteraction[] interactions =
        [
            TypeRestfulInteraction.Read, TypeRestfulInteraction.Vread, TypeRestfulInteraction.Update, TypeRestfulInteraction.Patch,
            TypeRestfulInteraction.Delete, TypeRestfulInteraction.HistoryInstance, TypeRestfulInteraction.HistoryType,
            TypeRestfulInteraction.Create, TypeRestfulInteraction.SearchType,
        ];
        var rest = new RestComponent
        {
            Mode = RestfulCapabilityMode.Server,
            Interaction =
            [
                new SystemInteractionComponent { Code = SystemRestfulInteraction.Transaction },
                new SystemInteractionComponent { Code = SystemRestfulInteraction.Batch },
                new SystemInteractionComponent { Code = SystemRestfulInteraction.HistorySystem },
            ],
            Operation = [new OperationComponent { Name = "validate", Definition = "http://hl7.org/fhir/OperationDefinition/Resource-validate" }],
        };
        foreach (var type in ModelInfo.SupportedResources.Order(StringComparer.Ordinal))
        {
            var resource = new ResourceComponent
            {
                Type = type,
                Versioning = ResourceVersionPolicy.VersionedUpdate,
                ReadHistory = true,
                UpdateCreate = updateCreate,
                ConditionalCreate = true,
                ConditionalRead = ConditionalReadStatus.FullSupport,
                ConditionalUpdate = true,
                ConditionalDelete = ConditionalDeleteStatus.Single,
                Interaction = [.. interactions.Select(i => new ResourceInteractionComponent { Code = i })],
            };
            foreach (var (code, parameter) in registry.SearchParameters.For(type).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (parameter.Type is SearchParamType.Composite or SearchParamType.Special or null)
                {
                    continue;
                }
                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent { Name = code, Definition = parameter.Url, Type = parameter.Type });
            }
            rest.Resource.Add(resource);
        }
        return new CapabilityStatement
        {
            Status = PublicationStatus.Active,
            Date = "2026-11-23",
            Kind = CapabilityStatementKind.Instance,
            Software = new SoftwareComponent { Name = "Bayu" },
            FhirVersion = FHIRVersion.N4_0_1,
            Format = ["json", "xml"],
            PatchFormat = ["application/json-patch+json"],
            Rest = [rest],
        };
    }
}
