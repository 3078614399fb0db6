using Bayu.Engine.Context;
using Bayu.Engine.Errors;
using Bayu.Engine.Pipeline;
using Bayu.Fhir.Definitions;
using Bayu.Storage.Indexing;
using Bayu.Storage.Search;
using Bayu.Storage.Store;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Bayu.Engine.Access;

/// <summary>
/// Least privilege in the engine (issue 14, ADR 0900): before every interaction and bundle entry,
/// the token's SMART scopes and the caller's role rules decide — refuse (403), or bound the access to
/// the patients the caller may see and the filters of a granular scope. A search is narrowed in its
/// SQL before it runs (so totals and paging only count what is visible); a read or write of one
/// resource outside the bounds answers exactly as a resource that does not exist, so nothing tells
/// whether it does. The platform's own components (<see cref="PrincipalKind.System"/>) pass.
/// </summary>
public sealed class AccessInterceptor(AccessRules rules, CareRelationships care, IResourceStore store) : IInteractionInterceptor
{
    private static readonly FhirJsonDeserializer Deserializer = new();
    private readonly PatientCompartment _compartment = DefinitionRegistry.Default.PatientCompartment;

    public int Order => -1000;

    public async ValueTask BeforeAsync(InteractionScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var context = scope.Context;
        var interaction = scope.Interaction;
        if (context.IsSystem || interaction.Kind is InteractionKind.Capabilities or InteractionKind.Batch or InteractionKind.Transaction)
        {
            return;
        }
        if (context.IsAnonymous)
        {
            throw new FhirError(FhirErrorKind.Unauthenticated, OperationOutcome.IssueType.Login, "authentication is required");
        }
        if (interaction.Kind == InteractionKind.Operation)
        {
            await OperationAsync(scope, ct).ConfigureAwait(false);
            return;
        }
        if (interaction.ResourceType is not { } type)
        {
            // System-wide history: only a backend client with a wildcard grant, never bounded per patient.
            RequireUnbounded(context, "*", ScopePermission.Search, interaction);
            return;
        }
        var needed = interaction.Kind == InteractionKind.History
            ? interaction.Id is null ? ScopePermission.Search : ScopePermission.Read
            : ScopeGrants.For(interaction.Kind);
        var decision = await DecideAsync(context, type, needed, interaction.IsWrite, ct).ConfigureAwait(false);
        if (decision.Refusal is { } refusal)
        {
            throw Forbidden(refusal);
        }
        if (decision.IsRestricted)
        {
            await ApplyAsync(scope, type, decision, ct).ConfigureAwait(false);
        }
    }

    private async ValueTask<AccessDecision> DecideAsync(RequestContext context, string type, ScopePermission needed, bool write, CancellationToken ct)
    {
        var granting = ScopeGrants.Granting(context, type, needed);
        if (granting.Count == 0)
        {
            return AccessDecision.Refuse($"the token's scopes do not grant '{Letters(needed)}' on {type}");
        }
        var filters = FiltersOf(granting, out var filterRefusal);
        if (filterRefusal is not null)
        {
            return AccessDecision.Refuse(filterRefusal);
        }
        if (context.Principal.Kind == PrincipalKind.Client)
        {
            return new AccessDecision(null, null, filters);
        }
        var patientScopesOnly = granting.All(s => s.Level == ScopeLevel.Patient);
        var reach = await ReachAsync(context, type, write, ct).ConfigureAwait(false);
        if (reach.Refusal is not null)
        {
            return reach;
        }
        IReadOnlyCollection<string>? patients = reach.Patients;
        if (patientScopesOnly && !rules.IsReferenceType(type))
        {
            if (context.PatientInContext is not { } inContext || !inContext.StartsWith("Patient/", StringComparison.Ordinal))
            {
                return AccessDecision.Refuse("patient/ scopes need a patient in context (launch/patient)");
            }
            var id = inContext["Patient/".Length..];
            patients = patients is null || patients.Contains(id) ? [id] : [];
        }
        return new AccessDecision(null, patients, filters);
    }

    /// <summary>The role rules: reference data, the audit trail, or records within the role's reach.</summary>
    private async ValueTask<AccessDecision> ReachAsync(RequestContext context, string type, bool write, CancellationToken ct)
    {
        var rule = RuleOf(context);
        if (rule is null)
        {
            return AccessDecision.Refuse("the signed-in person has no role with access rules");
        }
        if (rules.IsReferenceType(type))
        {
            return write && !rule.WriteReferenceData
                ? AccessDecision.Refuse($"the role may read {type} but not write it")
                : new AccessDecision(null, null, []);
        }
        if (type == "AuditEvent")
        {
            if (write)
            {
                return AccessDecision.Refuse("the audit trail is written by the platform only");
            }
            if (rule.Audit)
            {
                return new AccessDecision(null, null, []);
            }
        }
        if (rule.Types is { } types && !types.Contains(type, StringComparer.Ordinal) && type != "AuditEvent")
        {
            return AccessDecision.Refuse($"the role does not reach {type} records");
        }
        if (context.BreakGlassReason is not null && rule.Records == RecordReach.Institution)
        {
            // Emergency access: every patient, flagged in the audit record for review.
            return new AccessDecision(null, null, []);
        }
        switch (rule.Records)
        {
            case RecordReach.AllOfTypes when type != "AuditEvent":
                return new AccessDecision(null, null, []);
            case RecordReach.Own:
                return new AccessDecision(null, OwnPatients(context), []);
            case RecordReach.Institution when context.Principal.Organization is { } organization:
                return new AccessDecision(null, await care.PatientsOfAsync(organization, ct).ConfigureAwait(false), []);
            default:
                return AccessDecision.Refuse($"the role does not reach {type} records");
        }
    }

    private RoleRule? RuleOf(RequestContext context)
    {
        foreach (var role in context.Roles)
        {
            if (rules.Roles.TryGetValue(role, out var rule))
            {
                return rule;
            }
        }
        return null;
    }

    private static List<string> OwnPatients(RequestContext context)
    {
        var own = new List<string>();
        if (context.Principal.FhirUser is { } user && user.StartsWith("Patient/", StringComparison.Ordinal))
        {
            own.Add(user["Patient/".Length..]);
        }
        // A guardian or family member acting for a resident: the patient they were authorised for at sign-in.
        if (context.PatientInContext is { } patient && patient.StartsWith("Patient/", StringComparison.Ordinal) && context.Roles.Contains("guardian"))
        {
            own.Add(patient["Patient/".Length..]);
        }
        return own;
    }

    /// <summary>Bounds the interaction: narrows a search in SQL, checks one resource read or written.</summary>
    private async ValueTask ApplyAsync(InteractionScope scope, string type, AccessDecision decision, CancellationToken ct)
    {
        var interaction = scope.Interaction;
        var link = decision.Patients is null ? null : PatientParameter(type) ?? throw Forbidden($"{type} is not in the Patient compartment and holds no reference data; the caller's access is bounded to patients");
        switch (interaction.Kind)
        {
            case InteractionKind.Search:
                Narrow(scope.Search!, type, link, decision);
                return;
            case InteractionKind.Read or InteractionKind.VRead or InteractionKind.History when interaction.Id is { } id:
                await RequireVisibleAsync(type, id, link, decision, ct).ConfigureAwait(false);
                return;
            case InteractionKind.Update or InteractionKind.Patch or InteractionKind.Delete when interaction.Id is { } id:
                await RequireVisibleAsync(type, id, link, decision, ct).ConfigureAwait(false);
                if (scope.Resource is { } body && !Matches(body, link, decision))
                {
                    throw Forbidden($"the new {type} would be outside what the caller may write");
                }
                return;
            case InteractionKind.Create when scope.Resource is { } created:
                if (!Matches(created, link, decision))
                {
                    throw Forbidden($"the caller may only create {type} within the patients and categories it is granted");
                }
                return;
            default:
                throw Forbidden($"{interaction.Kind} of {type} needs an unbounded grant (the caller's access is bounded to some patients or categories)");
        }
    }

    private static void Narrow(SearchQuery query, string type, string? link, AccessDecision decision)
    {
        if (link is not null)
        {
            var patients = decision.Patients!;
            if (patients.Count == 0)
            {
                // Nobody in reach: a criterion no resource meets, so the search (and its total) is empty.
                query.Criteria.Add(SearchParser.Default.Parse(type, [new("_id", "bayu-no-access")]).Criteria[0]);
            }
            else
            {
                var values = link == "_id" ? patients : patients.Select(p => "Patient/" + p);
                var template = SearchParser.Default.Parse(type, [new(link, link == "_id" ? patients.First() : "Patient/" + patients.First())]).Criteria[0];
                var parsed = values.Select(v => SearchParser.Default.Parse(type, [new(link, v)]).Criteria[0].Values[0]).ToList();
                query.Criteria.Add(template with { Values = parsed });
            }
        }
        foreach (var filter in decision.Filters)
        {
            query.Criteria.AddRange(SearchParser.Default.Parse(type, [filter]).Criteria);
        }
    }

    private async ValueTask RequireVisibleAsync(string type, string id, string? link, AccessDecision decision, CancellationToken ct)
    {
        var current = await store.ReadAsync(type, id, ct).ConfigureAwait(false);
        if (current is null)
        {
            return; // the engine answers "does not exist" itself
        }
        if (current.Json is null || !Matches(Deserializer.DeserializeResource(current.Json), link, decision))
        {
            // The very answer a resource that does not exist gets: no oracle of existence.
            throw new FhirError(FhirErrorKind.NotFound, OperationOutcome.IssueType.NotFound, $"{type}/{id} does not exist");
        }
    }

    /// <summary>Whether one resource is within the bounds: in a reachable patient's compartment and matching the scope's filters.</summary>
    private static bool Matches(Resource resource, string? link, AccessDecision decision)
    {
        var index = decision.Filters.Count > 0 || (link is not null && link != "_id") ? IndexRowBuilder.Default.Build(resource) : null;
        if (link is not null)
        {
            var patients = decision.Patients!;
            var inReach = link == "_id"
                ? resource.Id is { } id && patients.Contains(id)
                : index!.References.Any(r => r.Param == link && r.TargetType == "Patient" && r.TargetId is { } target && patients.Contains(target));
            if (!inReach)
            {
                return false;
            }
        }
        foreach (var (parameter, value) in decision.Filters)
        {
            var bar = value.IndexOf('|', StringComparison.Ordinal);
            var system = bar < 0 ? null : value[..bar];
            var code = bar < 0 ? value : value[(bar + 1)..];
            if (!index!.Tokens.Any(t => t.Param == parameter && t.Code == code && (system is null || t.System == system)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The parameter linking <paramref name="type"/> to its patient: <c>_id</c> for Patient, else <c>patient</c> or <c>subject</c> where the compartment has them.</summary>
    private string? PatientParameter(string type)
    {
        if (type == "Patient")
        {
            return "_id";
        }
        var parameters = _compartment.ParametersFor(type);
        return parameters.FirstOrDefault(p => p == "patient") ?? parameters.FirstOrDefault(p => p == "subject") ?? parameters.FirstOrDefault();
    }

    private static List<KeyValuePair<string, string>> FiltersOf(List<SmartScope> granting, out string? refusal)
    {
        refusal = null;
        if (granting.Any(s => s.Filters.Count == 0))
        {
            return [];
        }
        if (granting.Count == 1)
        {
            return [.. granting[0].Filters];
        }
        // Several granular scopes on one parameter (category=a, category=b) are one OR list.
        var parameters = granting.Select(s => s.Filters).Where(f => f.Count == 1).Select(f => f[0].Key).Distinct(StringComparer.Ordinal).ToList();
        if (parameters.Count == 1 && granting.All(s => s.Filters.Count == 1))
        {
            return [new(parameters[0], string.Join(',', granting.Select(s => s.Filters[0].Value)))];
        }
        refusal = "several granular scopes with different parameters apply; search with one of them at a time";
        return [];
    }

    private async ValueTask OperationAsync(InteractionScope scope, CancellationToken ct)
    {
        var interaction = scope.Interaction;
        var context = scope.Context;
        switch (interaction.Operation)
        {
            case "validate":
                // Checks a resource sent with the request; reads nothing stored.
                if (ScopeGrants.Granting(context, interaction.ResourceType ?? "*", ScopePermission.None).Count == 0)
                {
                    throw Forbidden("$validate needs a resource scope");
                }
                return;
            case "reindex":
                RequireUnbounded(context, interaction.ResourceType ?? "*", ScopePermission.All, interaction);
                return;
        }
        if (interaction.ResourceType is not { } type)
        {
            RequireUnbounded(context, "*", ScopePermission.Read | ScopePermission.Search, interaction);
            return;
        }
        var decision = await DecideAsync(context, type, ScopePermission.Read, write: false, ct).ConfigureAwait(false);
        if (decision.Refusal is { } refusal)
        {
            throw Forbidden(refusal);
        }
        if (decision.IsRestricted)
        {
            if (interaction.Id is not { } id)
            {
                throw Forbidden($"${interaction.Operation} on {type} needs an unbounded grant");
            }
            await RequireVisibleAsync(type, id, decision.Patients is null ? null : PatientParameter(type), decision, ct).ConfigureAwait(false);
        }
    }

    /// <summary>For what cannot be bounded per patient: a backend client's <c>system/</c> grant or a platform administrator's.</summary>
    private void RequireUnbounded(RequestContext context, string type, ScopePermission needed, Interaction interaction)
    {
        var client = context.Principal.Kind == PrincipalKind.Client && ScopeGrants.Granting(context, type, needed).Any(s => s.Filters.Count == 0);
        var admin = context.Roles.Contains("platform-admin") && ScopeGrants.Granting(context, type, needed).Any(s => s.Level == ScopeLevel.User && s.Filters.Count == 0);
        if (!client && !admin)
        {
            throw Forbidden($"{interaction} needs an unbounded grant: a backend client's system/ scope or a platform administrator");
        }
    }

    private static string Letters(ScopePermission permission) => string.Concat("cruds".Where((_, i) => permission.HasFlag((ScopePermission)(1 << i))));

    private static FhirError Forbidden(string why) => new(FhirErrorKind.Forbidden, OperationOutcome.IssueType.Forbidden, why);
}
