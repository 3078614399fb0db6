using System.Diagnostics.CodeAnalysis;

namespace Bayu.Engine.Access;

/// <summary>Whose data a resource scope reaches: the patient in context, what the user may see, or a backend system's grant.</summary>
public enum ScopeLevel
{
    Patient,
    User,
    System,
}

/// <summary>The SMART v2 permissions, in their canonical order c r u d s.</summary>
[Flags]
public enum ScopePermission
{
    None = 0,
    Create = 1,
    Read = 2,
    Update = 4,
    Delete = 8,
    Search = 16,
    All = Create | Read | Update | Delete | Search,
}

/// <summary>
/// One SMART App Launch 2 resource scope (<c>patient/Observation.rs?category=laboratory</c>) or its
/// v1 form (<c>user/*.read</c>, <c>system/*.*</c>, which mean <c>rs</c>, <c>cud</c> and <c>cruds</c>).
/// The query part restricts the grant to resources matching every parameter given.
/// </summary>
/// <param name="ResourceType">A resource type, or <c>*</c> for all.</param>
public sealed record SmartScope(ScopeLevel Level, string ResourceType, ScopePermission Permissions, IReadOnlyList<KeyValuePair<string, string>> Filters)
{
    public bool IsWildcard => ResourceType == "*";

    public bool Covers(string resourceType) => IsWildcard || string.Equals(ResourceType, resourceType, StringComparison.Ordinal);

    /// <summary>
    /// Parses a resource scope; false for the scopes that grant no resources (openid, fhirUser,
    /// launch, launch/patient, offline_access, …) and for malformed ones, which grant nothing either.
    /// </summary>
    public static bool TryParse(string scope, [NotNullWhen(true)] out SmartScope? parsed)
    {
        parsed = null;
        ArgumentNullException.ThrowIfNull(scope);
        var slash = scope.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return false;
        }
        ScopeLevel level;
        switch (scope[..slash])
        {
            case "patient": level = ScopeLevel.Patient; break;
            case "user": level = ScopeLevel.User; break;
            case "system": level = ScopeLevel.System; break;
            default: return false;
        }
        var rest = scope[(slash + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var filters = query < 0 ? [] : ParseFilters(rest[(query + 1)..]);
        if (filters is null)
        {
            return false;
        }
        var body = query < 0 ? rest : rest[..query];
        var dot = body.LastIndexOf('.');
        if (dot <= 0 || dot == body.Length - 1)
        {
            return false;
        }
        var type = body[..dot];
        if (type != "*" && !IsResourceTypeName(type))
        {
            return false;
        }
        var permissions = ParsePermissions(body[(dot + 1)..]);
        if (permissions == ScopePermission.None)
        {
            return false;
        }
        parsed = new SmartScope(level, type, permissions, filters);
        return true;
    }

    private static ScopePermission ParsePermissions(string text)
    {
        switch (text)
        {
            // SMART v1.
            case "read": return ScopePermission.Read | ScopePermission.Search;
            case "write": return ScopePermission.Create | ScopePermission.Update | ScopePermission.Delete;
            case "*": return ScopePermission.All;
        }
        // v2: a non-empty subsequence of "cruds", in that order, each letter at most once.
        var result = ScopePermission.None;
        var at = 0;
        const string order = "cruds";
        foreach (var c in text)
        {
            var index = order.IndexOf(c, at);
            if (index < 0)
            {
                return ScopePermission.None;
            }
            result |= (ScopePermission)(1 << index);
            at = index + 1;
        }
        return result;
    }

    private static List<KeyValuePair<string, string>>? ParseFilters(string query)
    {
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var pair in query.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return null;
            }
            filters.Add(new(Uri.UnescapeDataString(pair[..equals]), Uri.UnescapeDataString(pair[(equals + 1)..])));
        }
        return filters;
    }

    private static bool IsResourceTypeName(string type) => char.IsAsciiLetterUpper(type[0]) && type.All(char.IsAsciiLetter);

    public override string ToString()
    {
        var level = Level switch { ScopeLevel.Patient => "patient", ScopeLevel.User => "user", _ => "system" };
        var letters = string.Concat("cruds".Where((_, i) => Permissions.HasFlag((ScopePermission)(1 << i))));
        var filters = Filters.Count == 0 ? "" : "?" + string.Join('&', Filters.Select(f => $"{f.Key}={f.Value}"));
        return $"{level}/{ResourceType}.{letters}{filters}";
    }
}
