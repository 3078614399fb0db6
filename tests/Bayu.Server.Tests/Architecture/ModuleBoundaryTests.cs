using System.Reflection;

namespace Bayu.Server.Tests.Architecture;

/// <summary>
/// The boundaries inside Bayu.Server (docs/modules.md): modules meet through the FHIR record, the
/// outbox and the platform, never through each other's types; and what answers HTTP goes through the
/// engine (or a module's own table class), never straight to the store.
/// </summary>
public class ModuleBoundaryTests
{
    internal const string ModulesNamespace = "Bayu.Server.Modules";

    /// <summary>What an endpoint must not touch: the store and its sessions.</summary>
    internal static readonly string[] StoreTypes =
    [
        "Bayu.Storage.Store.IResourceStore", "Bayu.Storage.Store.IStoreSession",
        "Bayu.Storage.Store.SqlResourceStore", "Bayu.Storage.Store.ResourceStores",
    ];

    // The composition root registers the engine over the store; it handles no request.
    private static readonly HashSet<string> s_endpointExceptions = new(StringComparer.Ordinal) { "Bayu.Server.Fhir.FhirServerExtensions" };

    /// <summary>Every module: the namespaces directly below <see cref="ModulesNamespace"/>, found in the built server, so a new module is covered by itself.</summary>
    internal static IReadOnlyList<string> Modules() =>
        [.. typeof(Program).Assembly.GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(ModulesNamespace + ".", StringComparison.Ordinal))
            .Select(ns => ns![(ModulesNamespace.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void GivenEveryModule_WhenItsTypesAreRead_ThenNoneUsesAnotherModule()
    {
        var offenders = new List<string>();
        foreach (var module in Modules())
        {
            var own = $"{ModulesNamespace}.{module}";
            string[] others = [.. Modules().Where(m => m != module).Select(m => $"{ModulesNamespace}.{m}")];
            if (others.Length == 0)
            {
                continue;
            }
            // The rule is read over the whole assembly, then kept to this module's types (nested ones
            // too: closures and async state machines carry a method's dependencies).
            offenders.AddRange(ModuleRules.TypesDependingOn("Bayu.Server", others)
                .Where(o => NamespaceOf(o) is { } ns && (ns == own || ns.StartsWith(own + ".", StringComparison.Ordinal))));
        }
        Assert.True(offenders.Count == 0, $"a module uses another module's types; modules meet through FHIR resources, outbox events and the platform:\n  {string.Join("\n  ", offenders)}");
    }

    [Fact]
    public void GivenEndpointsAndOperations_WhenTheirTypesAreRead_ThenNoneTouchesTheStore()
    {
        var offenders = ModuleRules.TypesDependingOn("Bayu.Server", StoreTypes).Where(IsEndpoint).ToList();
        Assert.True(offenders.Count == 0, $"an endpoint reaches the store; go through the FhirEngine, or a module's own table class:\n  {string.Join("\n  ", offenders)}");
    }

    [Fact]
    public void GivenTheModuleNamespaces_WhenDiscovered_ThenTheInstitutionRegistryIsOne() =>
        Assert.Contains("InstitutionRegistry", Modules());

    [Fact]
    public void GivenTheEndpointScope_WhenApplied_ThenItCoversTheRestSurfaceAndTheModulesOperations()
    {
        var names = typeof(Program).Assembly.GetTypes().Select(t => t.FullName!).Where(n => IsEndpoint(n + ": ")).ToList();
        Assert.Contains("Bayu.Server.Fhir.FhirEndpoints", names);
        Assert.Contains("Bayu.Server.Validation.ValidateOperation", names);
        Assert.Contains("Bayu.Server.Modules.InstitutionRegistry.InstitutionRegistryOperation", names);
    }

    [Fact]
    public void GivenTheStoreRule_WhenAppliedToTheServer_ThenItFindsTheRegistrysTable() =>
        Assert.Contains(ModuleRules.TypesDependingOn("Bayu.Server", StoreTypes),
            o => o.StartsWith("Bayu.Server.Modules.InstitutionRegistry.SubmissionTable:", StringComparison.Ordinal));

    /// <summary>
    /// An endpoint type: anything in Bayu.Server.Fhir (the REST surface) but the composition root,
    /// and anywhere in the server a type named *Endpoints or *Operation — with the types nested in it.
    /// </summary>
    private static bool IsEndpoint(string offender)
    {
        var outer = OuterTypeOf(offender);
        if (s_endpointExceptions.Contains(outer))
        {
            return false;
        }
        var name = outer[(outer.LastIndexOf('.') + 1)..];
        return outer.StartsWith("Bayu.Server.Fhir.", StringComparison.Ordinal)
            || name.EndsWith("Endpoints", StringComparison.Ordinal) || name.EndsWith("Operation", StringComparison.Ordinal);
    }

    /// <summary>The top-level type of a "Full.Name: explanation" line (Cecil writes nested types Outer/Inner, reflection Outer+Inner).</summary>
    private static string OuterTypeOf(string offender)
    {
        var fullName = offender[..offender.IndexOf(": ", StringComparison.Ordinal)];
        var nested = fullName.IndexOfAny(['/', '+']);
        return nested < 0 ? fullName : fullName[..nested];
    }

    private static string? NamespaceOf(string offender)
    {
        var outer = OuterTypeOf(offender);
        var dot = outer.LastIndexOf('.');
        return dot < 0 ? null : outer[..dot];
    }
}
