using Bayu.Fhir.Definitions;
using Bayu.Storage.Indexing;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using static Hl7.Fhir.Model.CapabilityStatement;

namespace Bayu.Server.Fhir;

/// <summary>
/// Generates the CapabilityStatement from what this build implements: every R4 resource type with
/// the interactions the REST layer maps, the search parameters the store indexes, and the operations
/// of the installed modules.
/// </summary>
public sealed class CapabilityStatementBuilder(DefinitionRegistry registry, Microsoft.Extensions.Options.IOptions<Storage.StorageOptions> options, IEnumerable<Bayu.Engine.Operations.IOperationHandler> operations)
{
    /// <summary>
    /// The platform's reading of a date or time without a zone, as clients are told it: R4 says
    /// only that "the server's local time zone should be assumed" (https://hl7.org/fhir/R4/search.html#date).
    /// </summary>
    internal static readonly string DateZoneNote =
        $"A date or time without a time zone, in a stored resource or in a search value, is read as China Standard Time (UTC{FormatOffset(DateRanges.AssumedOffset)}).";

    /// <summary>How this server searches where R4 lets servers choose; shown in <c>rest[0].documentation</c>.</summary>
    internal static readonly string SearchNotes = string.Join("\n\n",
        DateZoneNote,
        "Quantities are compared in UCUM canonical units (5 mg finds 0.005 g); the mole is kept apart from counts, so mmol/L finds µmol/L but never 10*9/L.",
        "A family name is also matched part by part: `family=Peña` finds \"Núñez Peña\" (parts are separated by spaces and hyphens); `:exact` matches the whole name only.");

    private readonly Lazy<CapabilityStatement> _template = new(() => BuildTemplate(registry, options.Value.AllowCreateOnUpdate, [.. operations]));

    public CapabilityStatement Build(string baseUrl)
    {
        var statement = (CapabilityStatement)_template.Value.DeepCopy();
        statement.Implementation = new ImplementationComponent { Description = "Bayu regional health platform FHIR server", Url = baseUrl };
        return statement;
    }

    private static CapabilityStatement BuildTemplate(DefinitionRegistry registry, bool updateCreate, IReadOnlyList<Bayu.Engine.Operations.IOperationHandler> operations)
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
            Documentation = SearchNotes,
        };
        // R4: rest.operation is for operations invoked at the system level "or supported across
        // multiple resource types" ($validate on every type); the others are listed on their types.
        rest.Operation.AddRange(operations.Where(o => o.SystemLevel || o.Types is null).OrderBy(o => o.Name, StringComparer.Ordinal).Select(Listed));
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
                resource.SearchParam.Add(new CapabilityStatement.SearchParamComponent
                {
                    Name = code,
                    Definition = parameter.Url,
                    Type = parameter.Type,
                    Documentation = parameter.Type == SearchParamType.Date ? DateZoneNote : null,
                });
            }
            resource.Operation.AddRange(operations.Where(o => (o.TypeLevel || o.InstanceLevel) && o.Types is not null && o.Types.Contains(type)).OrderBy(o => o.Name, StringComparer.Ordinal).Select(Listed));
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

    private static OperationComponent Listed(Bayu.Engine.Operations.IOperationHandler operation) =>
        new() { Name = operation.Name, Definition = operation.Definition, Documentation = operation.Documentation };

    private static string FormatOffset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", System.Globalization.CultureInfo.InvariantCulture);
}
