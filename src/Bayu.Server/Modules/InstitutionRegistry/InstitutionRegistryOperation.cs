using Bayu.Engine.Errors;
using Bayu.Engine.Interactions;
using Bayu.Engine.Operations;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// <c>GET|POST [base]/Organization/$institution-registry</c>: the connected institutions with their
/// submissions and last submission, silent ones flagged. Type level on Organization: it reports on
/// that type's instances and is listed next to its search in the CapabilityStatement. The engine has
/// checked level, method and the pipeline; this parses, reads institutions through the engine with
/// the caller's context and counts through the module's table, and builds the answer.
/// </summary>
internal sealed class InstitutionRegistryOperation(FhirEngine engine, SubmissionTable table, IOptions<InstitutionRegistryOptions> options, TimeProvider time) : IOperationHandler
{
    public const string OperationName = "institution-registry";

    public string Name => OperationName;

    public string Definition => "https://bayu.example/fhir/OperationDefinition/" + OperationName;

    public string? Documentation =>
        "接入机构登记 (institution registry): the connected institutions (Organizations typed in the institution-type code system) with their submissions "
        + "(versions whose meta.source is Organization/<id>) per resource type and their last submission; silent ones are flagged. "
        + "In: silent-since (date; default now minus Bayu:Modules:InstitutionRegistry:SilentAfterDays), silent (true|false: only silent or only active ones). "
        + "Out: a Parameters with silent-since and one institution per Organization (parts organization, type, silent, last-submission, submissions, resource-type).";

    public bool SystemLevel => false;

    public bool TypeLevel => true;

    public bool InstanceLevel => false;

    public IReadOnlyCollection<string>? Types { get; } = ["Organization"];

    public bool AffectsState => false;

    public async Task<OperationResult> InvokeAsync(OperationCall call, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Body is { } body and not Hl7.Fhir.Model.Parameters)
        {
            throw new FhirError(FhirErrorKind.Invalid, Hl7.Fhir.Model.OperationOutcome.IssueType.Invalid, $"${OperationName} takes a Parameters body, not a {body.TypeName}");
        }
        var input = RegistryRequest.Parse(call.Parameters);
        var settings = options.Value;
        // To the second: the threshold is echoed in the answer, where ticks only add noise.
        var now = time.GetUtcNow().UtcTicks;
        var silentSince = input.SilentSince ?? new DateTimeOffset(now - now % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddDays(-settings.SilentAfterDays);
        var institutions = await InstitutionList.ReadAsync(engine, call.Context, settings.InstitutionTypeSystem, ct).ConfigureAwait(false);
        var counts = await table.CountsAsync(ct).ConfigureAwait(false);
        return OperationResult.Of(RegistryReport.Build(institutions, counts, silentSince, input.Silent));
    }
}
