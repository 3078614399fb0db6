namespace Bayu.Engine.Access;

/// <summary>
/// What a caller may do with one resource type in one interaction, once scopes and role rules are
/// combined: refused, or allowed within a set of patients (null: no patient bound) and the
/// filters of a granular scope (<c>?category=…</c>).
/// </summary>
/// <param name="Patients">Ids of the patients whose compartments bound the access; null when unbounded.</param>
internal sealed record AccessDecision(string? Refusal, IReadOnlyCollection<string>? Patients, IReadOnlyList<KeyValuePair<string, string>> Filters)
{
    public static AccessDecision Refuse(string why) => new(why, null, []);

    public bool IsRestricted => Patients is not null || Filters.Count > 0;
}
