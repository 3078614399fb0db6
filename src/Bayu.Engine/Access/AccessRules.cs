using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bayu.Engine.Access;

/// <summary>Which patients' records a role reaches (on top of what the token's scopes grant).</summary>
public enum RecordReach
{
    /// <summary>No personal records at all (regulators, administrators): reference data and what <see cref="RoleRule.Types"/> lists outside the compartment.</summary>
    None,

    /// <summary>The person's own Patient compartment, and those of residents who authorised them (RelatedPerson).</summary>
    Own,

    /// <summary>Patients with a care relationship to the practitioner's institution (managing organisation, an encounter there, an explicit consent).</summary>
    Institution,

    /// <summary>Every patient's records of the listed types (CDC staff on notifiable-disease data).</summary>
    AllOfTypes,
}

/// <param name="Records">Whose records the role reaches.</param>
/// <param name="Types">When given, the only record types the role reaches (others are refused even in reach).</param>
/// <param name="WriteReferenceData">Whether the role may write reference data (institutions, practitioners, terminology).</param>
/// <param name="Audit">Whether the role reads the whole audit trail (AuditEvent), not only entries about itself.</param>
public sealed record RoleRule(RecordReach Records, IReadOnlyList<string>? Types = null, bool WriteReferenceData = false, bool Audit = false);

/// <summary>
/// The platform's access rules as data (<c>access-rules.json</c>, ADR 0900): reference types anyone
/// signed in may read, and per role whose records it reaches. The engine's
/// <see cref="AccessInterceptor"/> enforces them on every interaction and bundle entry.
/// </summary>
public sealed record AccessRules(IReadOnlyList<string> ReferenceTypes, IReadOnlyDictionary<string, RoleRule> Roles)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public bool IsReferenceType(string type) => ReferenceTypes.Contains(type, StringComparer.Ordinal);

    public static AccessRules Parse(string json) =>
        JsonSerializer.Deserialize<AccessRules>(json, Json) ?? throw new InvalidDataException("access rules: empty document");

    /// <summary>The rules Bayu ships (embedded <c>access-rules.json</c>).</summary>
    public static AccessRules Default { get; } = LoadDefault();

    private static AccessRules LoadDefault()
    {
        using var stream = typeof(AccessRules).Assembly.GetManifestResourceStream("Bayu.Engine.Access.access-rules.json")
            ?? throw new InvalidOperationException("access-rules.json is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
