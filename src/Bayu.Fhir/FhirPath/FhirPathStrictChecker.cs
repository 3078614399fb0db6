using Bayu.Fhir.Definitions;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using Expression = Hl7.FhirPath.Expressions.Expression;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// Strict evaluation's checks (FHIRPath 2.0 "Type safety and strict evaluation"): an expression
/// is checked against the FHIR model for its input type before it runs. Only what is certainly
/// wrong is reported: a path step no possible type has, a leading resource type other than the
/// input's, and an order-dependent function on an unordered collection (children(),
/// descendants()). Wherever the types are not known exactly the check stops, so a valid
/// expression is never rejected for lack of type information.
/// </summary>
internal sealed class FhirPathStrictChecker
{
    // Functions whose expression arguments are evaluated once per input item, with $this (and
    // the implicit focus) set to that item.
    private static readonly HashSet<string> s_perItem = new(StringComparer.Ordinal)
    {
        "where", "select", "all", "exists", "any", "repeat", "sort", "aggregate", "iif", "trace",
    };

    // Functions that keep the types of their input.
    private static readonly HashSet<string> s_filters = new(StringComparer.Ordinal)
    {
        "where", "first", "last", "tail", "skip", "take", "single", "distinct", "builtin.item", "trace",
    };

    // Functions whose result depends on the order of their input (FHIRPath 2.0 §3 "ordered" collections).
    private static readonly HashSet<string> s_orderDependent = new(StringComparer.Ordinal)
    {
        "first", "last", "tail", "skip", "take", "builtin.item",
    };

    private readonly DefinitionRegistry _registry;

    private FhirPathStrictChecker(DefinitionRegistry registry) => _registry = registry;

    /// <summary>The reason the expression is invalid for an input of <paramref name="inputType"/>, or null.</summary>
    public static string? Check(Expression expression, string inputType, DefinitionRegistry registry)
    {
        var root = new Types([inputType], Ordered: true);
        try
        {
            new FhirPathStrictChecker(registry).Visit(expression, new Scope(root, root, IsRoot: true));
            return null;
        }
        catch (StrictException e)
        {
            return e.Message;
        }
    }

    /// <summary>The possible FHIR types (element paths for backbone elements) of a collection; null members mean unknown.</summary>
    private sealed record Types(IReadOnlyList<string>? Names, bool Ordered)
    {
        public static readonly Types Unknown = new(null, Ordered: true);
    }

    private readonly record struct Scope(Types This, Types That, bool IsRoot);

    private sealed class StrictException(string message) : Exception(message);

    private Types Visit(Expression expression, Scope scope) => expression switch
    {
        BracketExpression bracket => Visit(bracket.Operand, scope),
        VariableRefExpression { Name: "builtin.that" } => scope.That,
        VariableRefExpression { Name: "builtin.this" } => scope.This,
        ChildExpression child => Child(child, scope),
        FunctionCallExpression call => Function(call, scope),
        _ => Types.Unknown,
    };

    private Types Child(ChildExpression child, Scope scope)
    {
        var isRootStep = child.Focus is VariableRefExpression { Name: "builtin.that" } && scope.IsRoot;
        var focus = Visit(child.Focus, scope);
        if (focus.Names is not { } names)
        {
            return Types.Unknown;
        }
        if (char.IsUpper(child.ChildName[0]) && _registry.FindTypeDefinition(child.ChildName) is { Kind: StructureDefinition.StructureDefinitionKind.Resource })
        {
            // A resource type name as a path step filters the focus by type. At the start of the
            // expression it must be the input's type or a base of it; deeper, other uses are not checked.
            return names.Any(n => IsA(n, child.ChildName)) ? focus
                : isRootStep ? throw new StrictException($"The input is a {string.Join("/", names)}, so '{child.ChildName}' selects nothing.")
                : Types.Unknown;
        }

        var found = new List<string>();
        foreach (var name in names)
        {
            if (ElementTypes(name, child.ChildName) is not { } types)
            {
                return Types.Unknown; // a type whose elements we cannot list
            }
            found.AddRange(types);
        }
        return found.Count > 0
            ? new Types(found, focus.Ordered)
            : throw new StrictException($"'{child.ChildName}' is not an element of {string.Join(" or ", names)}.");
    }

    private Types Function(FunctionCallExpression call, Scope scope)
    {
        var name = call.FunctionName;
        var focus = Visit(call.Focus, scope);
        var itemScope = new Scope(focus, focus, IsRoot: false);
        var arguments = call.Arguments.ToList();
        var argumentTypes = new List<Types>();
        foreach (var argument in arguments)
        {
            // Operands share the operator's scope; arguments evaluated per item see the input's
            // types; other function arguments are not checked (their $this is not tracked).
            argumentTypes.Add(call is BinaryExpression or UnaryExpression ? Visit(argument, scope)
                : s_perItem.Contains(name) ? Visit(argument, itemScope)
                : Types.Unknown);
        }

        if (s_orderDependent.Contains(name) && !focus.Ordered)
        {
            throw new StrictException($"{name}() depends on the order of its input, which the preceding function does not define.");
        }
        if (name == "iif" && arguments.Count > 0 && arguments[0] is ConstantExpression { Value: not bool })
        {
            throw new StrictException("The criterion of iif() must be a Boolean.");
        }
        return name switch
        {
            "children" or "descendants" => Types.Unknown with { Ordered = false },
            "ofType" or "as" or "binary.as" when arguments.Count > 0 && arguments[^1] is ConstantExpression { Value: string type } => Narrow(type),
            "select" => argumentTypes[0],
            _ when s_filters.Contains(name) => focus,
            _ => Types.Unknown,
        };
    }

    private Types Narrow(string type)
    {
        var name = type.StartsWith("FHIR.", StringComparison.Ordinal) ? type[5..] : type;
        return _registry.FindTypeDefinition(name.Trim('`')) is not null ? new Types([name.Trim('`')], Ordered: true) : Types.Unknown;
    }

    /// <summary>The types of element <paramref name="element"/> on <paramref name="typePath"/>: empty when it has none, null when unknown.</summary>
    private IReadOnlyList<string>? ElementTypes(string typePath, string element)
    {
        var typeName = typePath.Split('.')[0];
        if (char.IsLower(typeName[0]) || typeName is "Resource" or "DomainResource" or "Element" or "BackboneElement")
        {
            return null; // primitives and abstract types: their content is not checked
        }
        var definition = _registry.FindTypeDefinition(typeName);
        if (definition?.Snapshot?.Element is not { Count: > 0 } elements)
        {
            return null;
        }
        var path = typePath + "." + element;
        var match = elements.FirstOrDefault(e => e.Path == path) ?? elements.FirstOrDefault(e => e.Path == path + "[x]");
        if (match is null)
        {
            return [];
        }
        if (match.ContentReference is { } reference)
        {
            return [reference.TrimStart('#')];
        }
        return [.. match.Type.Select(t => (t.Code is "BackboneElement" or "Element" ? match.Path : t.Code) ?? "")];
    }

    /// <summary>Whether type <paramref name="typeName"/> is <paramref name="candidate"/> or derives from it.</summary>
    private bool IsA(string typeName, string candidate)
    {
        var definition = _registry.FindTypeDefinition(typeName.Split('.')[0]);
        for (var depth = 0; definition is not null && depth < 10; depth++)
        {
            if (definition.Type == candidate)
            {
                return true;
            }
            definition = definition.BaseDefinition is { } baseUrl ? _registry.FindStructureDefinition(baseUrl) : null;
        }
        return false;
    }
}
