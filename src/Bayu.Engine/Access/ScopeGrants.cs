using Bayu.Engine.Context;

namespace Bayu.Engine.Access;

/// <summary>The resource scopes of a request, and which of them grant a permission on a type.</summary>
internal static class ScopeGrants
{
    /// <summary>
    /// The scopes granting <paramref name="needed"/> on <paramref name="type"/> at the levels this
    /// caller may use: <c>system/</c> for backend clients; <c>user/</c> and <c>patient/</c> for people.
    /// </summary>
    public static List<SmartScope> Granting(RequestContext context, string type, ScopePermission needed)
    {
        var granting = new List<SmartScope>();
        foreach (var text in context.Scopes)
        {
            if (!SmartScope.TryParse(text, out var scope) || !scope.Covers(type) || (scope.Permissions & needed) != needed)
            {
                continue;
            }
            var usable = context.Principal.Kind == PrincipalKind.Client
                ? scope.Level == ScopeLevel.System
                : scope.Level is ScopeLevel.User or ScopeLevel.Patient;
            if (usable)
            {
                granting.Add(scope);
            }
        }
        return granting;
    }

    public static ScopePermission For(Pipeline.InteractionKind kind) => kind switch
    {
        Pipeline.InteractionKind.Read or Pipeline.InteractionKind.VRead => ScopePermission.Read,
        Pipeline.InteractionKind.Search => ScopePermission.Search,
        Pipeline.InteractionKind.Create => ScopePermission.Create,
        // SMART 2: a conditional interaction also searches, so it needs "s" too.
        Pipeline.InteractionKind.ConditionalCreate => ScopePermission.Create | ScopePermission.Search,
        Pipeline.InteractionKind.Update or Pipeline.InteractionKind.Patch => ScopePermission.Update,
        Pipeline.InteractionKind.ConditionalUpdate => ScopePermission.Update | ScopePermission.Search,
        Pipeline.InteractionKind.Delete => ScopePermission.Delete,
        Pipeline.InteractionKind.ConditionalDelete => ScopePermission.Delete | ScopePermission.Search,
        _ => ScopePermission.Read,
    };
}
