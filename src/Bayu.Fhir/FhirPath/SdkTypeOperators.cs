using System.Reflection;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's own type test and type filter, which it does not make public.</summary>
/// <remarks>
/// Bayu registers <c>is</c>, <c>as</c> and <c>ofType</c> itself (see <see cref="FhirPathTypeOperators"/>)
/// but keeps the SDK's model-aware matching underneath, so search indexing and its fast path see
/// the same filtering as before. The delegates are bound once; an SDK upgrade that renames the
/// methods fails at start-up, not silently.
/// </remarks>
internal static class SdkTypeOperators
{
    private static readonly Type s_operators = typeof(SymbolTable).Assembly.GetType("Hl7.FhirPath.Functions.TypeOperators")
        ?? throw new InvalidOperationException("The SDK no longer has Hl7.FhirPath.Functions.TypeOperators; review SdkTypeOperators after the SDK upgrade.");

    public static readonly Func<PocoNode, string, bool> Is = Bind<Func<PocoNode, string, bool>>("Is", typeof(PocoNode), typeof(string));

    public static readonly Func<IEnumerable<PocoNode>, string, IEnumerable<PocoNode>> FilterType =
        Bind<Func<IEnumerable<PocoNode>, string, IEnumerable<PocoNode>>>("FilterType", typeof(IEnumerable<PocoNode>), typeof(string));

    private static T Bind<T>(string name, params Type[] parameters) where T : Delegate =>
        (s_operators.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, parameters)
            ?? throw new InvalidOperationException($"The SDK's TypeOperators.{name} changed; review SdkTypeOperators after the SDK upgrade."))
        .CreateDelegate<T>();
}
