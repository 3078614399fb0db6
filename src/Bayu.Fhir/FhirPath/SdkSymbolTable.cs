using System.Collections;
using System.Reflection;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>The SDK's standard and FHIR symbol table, with the functions Bayu replaces taken out.</summary>
/// <remarks>
/// Adding a Bayu overload next to the SDK's is not enough to replace it: with more than one
/// candidate for a name, the SDK's compiler binds the call to a dispatcher that returns empty as
/// soon as the evaluation focus is empty, so even <c>-1</c> or <c>1 = 1</c> evaluated without an
/// input resource gives <c>{}</c>. A name Bayu owns must therefore have Bayu's single entry and
/// none of the SDK's. The table exposes no removal, so the entries are filtered through its
/// private field; <see cref="Create"/> fails loudly if an SDK upgrade renames it.
/// </remarks>
internal static class SdkSymbolTable
{
    public static SymbolTable Create(IReadOnlySet<string> replaced)
    {
        var table = new SymbolTable().AddStandardFP().AddFhirExtensions();
        var field = typeof(SymbolTable).GetField("_entries", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("The SDK's SymbolTable no longer has the '_entries' field Bayu filters; review SdkSymbolTable after the SDK upgrade.");
        var entries = field.GetValue(table)!;
        var bagType = entries.GetType();
        var signature = bagType.GetGenericArguments()[0].GetProperty("Signature")
            ?? throw new InvalidOperationException("The SDK's symbol table entries no longer expose 'Signature'; review SdkSymbolTable after the SDK upgrade.");

        var name = signature.PropertyType.GetProperty("Name")
            ?? throw new InvalidOperationException("The SDK's call signatures no longer expose 'Name'; review SdkSymbolTable after the SDK upgrade.");

        var kept = ((IEnumerable)entries).Cast<object>()
            .Where(e => !replaced.Contains((string)name.GetValue(signature.GetValue(e))!))
            .ToList();
        // ConcurrentBag enumerates the last added first: add in reverse so the SDK's own overload
        // order (the first match wins) is unchanged.
        var filtered = Activator.CreateInstance(bagType)!;
        var add = bagType.GetMethod("Add")!;
        for (var i = kept.Count - 1; i >= 0; i--)
        {
            add.Invoke(filtered, [kept[i]]);
        }
        field.SetValue(table, filtered);
        return table;
    }
}
