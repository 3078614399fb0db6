namespace Bayu.Engine.Context;

/// <summary>
/// Who is asking, on every call into the engine: the person (and the FHIR resource that stands for
/// them), their roles, the client application and what it was granted, the patient in context and
/// why they ask. Anonymous and system callers are explicit contexts, never a null, so a rule that
/// forgets to look still sees a caller it can refuse.
/// </summary>
public sealed record RequestContext
{
    /// <summary>Correlates the request across logs, audit records and events.</summary>
    public required string RequestId { get; init; }

    public required Principal Principal { get; init; }

    /// <summary>The client application (SMART <c>client_id</c>), when one is known.</summary>
    public string? ClientId { get; init; }

    /// <summary>Granted scopes (SMART v2 syntax, e.g. <c>patient/Observation.rs</c>).</summary>
    public IReadOnlySet<string> Scopes { get; init; } = Empty;

    /// <summary>Platform roles (resident, doctor, pharmacist, cdc-analyst, regulator, …).</summary>
    public IReadOnlySet<string> Roles { get; init; } = Empty;

    /// <summary>The patient the session is about (SMART launch context), as <c>Patient/id</c>.</summary>
    public string? PatientInContext { get; init; }

    /// <summary>Purpose of use (HL7 v3 PurposeOfUse code, e.g. TREAT, PUBHLTH, HOPERAT).</summary>
    public string? PurposeOfUse { get; init; }

    public bool IsSystem => Principal.Kind == PrincipalKind.System;

    /// <summary>Break-glass: emergency access beyond the usual rules, with its reason; flagged and audited for review.</summary>
    public string? BreakGlassReason { get; init; }

    public bool IsAnonymous => Principal.Kind == PrincipalKind.Anonymous;

    /// <summary>A caller nobody has authenticated.</summary>
    public static RequestContext Anonymous(string requestId) => new() { RequestId = requestId, Principal = Principal.Nobody };

    /// <summary>The platform itself acting (an import, the demo seeder, a worker): named so audit can say which.</summary>
    public static RequestContext System(string component, string? requestId = null) => new()
    {
        RequestId = requestId ?? NewRequestId(),
        Principal = new Principal(PrincipalKind.System, component),
        PurposeOfUse = "HOPERAT",
    };

    public static string NewRequestId() => Guid.CreateVersion7().ToString("N");

    private static readonly IReadOnlySet<string> Empty = new HashSet<string>(StringComparer.Ordinal);
}

/// <param name="Name">A display or account name; never logged with personal data (it is an account id for persons).</param>
/// <param name="FhirUser">The resource standing for the person: <c>Patient/…</c>, <c>Practitioner/…</c>, <c>RelatedPerson/…</c>.</param>
/// <param name="PractitionerRole">For staff, the <c>PractitionerRole/…</c> they act in (institution, department).</param>
/// <param name="Organization">For staff, the institution of that role, as <c>Organization/…</c>.</param>
public sealed record Principal(PrincipalKind Kind, string Name, string? FhirUser = null, string? PractitionerRole = null, string? Organization = null)
{
    public static Principal Nobody { get; } = new(PrincipalKind.Anonymous, "anonymous");
}

public enum PrincipalKind
{
    Anonymous,
    Person,

    /// <summary>The platform's own components (import, seeder, workers): never from a token.</summary>
    System,

    /// <summary>A registered backend service (SMART Backend Services, <c>client_credentials</c>): its grant is its <c>system/</c> scopes.</summary>
    Client,
}
