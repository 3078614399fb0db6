using Hl7.Fhir.Model;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// The reflection result of <c>type()</c> (FHIRPath 2.0 §10 Types and Reflection): the namespace
/// and name of an item's type, navigable as <c>.namespace</c> and <c>.name</c>.
/// </summary>
/// <remarks>
/// The spec models primitives as <c>System.SimpleTypeInfo</c> and classes as <c>System.ClassInfo</c>;
/// both carry <c>namespace</c> and <c>name</c>, which is what expressions read. The element
/// lists of a ClassInfo are not built: nothing in FHIR's own expressions reads them.
/// </remarks>
internal sealed class FhirPathTypeInfo : Base
{
    private readonly string _namespaceText;
    private readonly string _nameText;
    private readonly Base _namespace;
    private readonly Base _name;
    private readonly bool _isPrimitive;

    private FhirPathTypeInfo(string @namespace, string name, bool isPrimitive)
    {
        _namespaceText = @namespace;
        _nameText = name;
        // System.String values, as the spec's TypeInfo members are.
        _namespace = PocoNode.ForAnyPrimitive(@namespace).Poco;
        _name = PocoNode.ForAnyPrimitive(name).Poco;
        _isPrimitive = isPrimitive;
    }

    public override string TypeName => _isPrimitive ? "System.SimpleTypeInfo" : "System.ClassInfo";

    /// <summary>The type of one item: System types for FHIRPath literals and results, FHIR types for model elements.</summary>
    public static FhirPathTypeInfo Of(Base item)
    {
        const string systemPrefix = "System.";
        var typeName = item.TypeName;
        if (typeName.StartsWith(systemPrefix, StringComparison.Ordinal))
        {
            return new FhirPathTypeInfo("System", typeName[systemPrefix.Length..], isPrimitive: true);
        }
        return new FhirPathTypeInfo("FHIR", typeName, isPrimitive: item is PrimitiveType);
    }

    public override string ToString() => _namespaceText + "." + _nameText;

    public override IEnumerable<KeyValuePair<string, object>> EnumerateElements()
    {
        yield return new("namespace", _namespace);
        yield return new("name", _name);
    }

    public override bool TryGetValue(string key, out object value)
    {
        value = key switch
        {
            "namespace" => _namespace,
            "name" => _name,
            _ => null!,
        };
        return value is not null;
    }

    protected override Base DeepCopyInternal() =>
        new FhirPathTypeInfo(_namespaceText, _nameText, _isPrimitive);
}
