using System.Reflection;
using NetArchTest.Rules;

namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// Checks a module boundary on a compiled Bayu assembly: the types it must not depend on are found
/// in its IL (NetArchTest reads it with Mono.Cecil), so a boundary holds whatever the project files say.
/// </summary>
internal static class ModuleRules
{
    /// <summary>
    /// Fails naming every type of <paramref name="assembly"/> that uses one of <paramref name="forbidden"/>
    /// (namespaces or full type names; a namespace covers everything below it), and what it uses.
    /// </summary>
    public static void AssertNoTypeDependsOn(string assembly, string rule, IReadOnlyList<string> forbidden)
    {
        var offenders = TypesDependingOn(assembly, forbidden);
        Assert.True(offenders.Count == 0, $"{assembly} breaks \"{rule}\"; offending types:\n  {string.Join("\n  ", offenders)}");
    }

    /// <summary>"Full.Type.Name: what it depends on" for each type that uses one of <paramref name="forbidden"/>.</summary>
    public static List<string> TypesDependingOn(string assembly, IReadOnlyList<string> forbidden)
    {
        var result = Types.InAssembly(Assembly.Load(new AssemblyName(assembly)))
            .Should().NotHaveDependencyOnAny([.. forbidden])
            .GetResult();
        return [.. (result.FailingTypes ?? []).Select(type => $"{type.FullName}: {type.Explanation}").Order(StringComparer.Ordinal)];
    }
}
