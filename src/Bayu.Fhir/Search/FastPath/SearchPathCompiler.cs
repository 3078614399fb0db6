using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;
using Expression = Hl7.FhirPath.Expressions.Expression;

namespace Bayu.Fhir.Search.FastPath;

/// <summary>
/// Compiles the expression shapes the R4 search parameters use (paths, <c>as</c>/<c>ofType</c>,
/// unions, indexers, <c>where(resolve() is T)</c> and <c>where(path = 'text')</c>) into
/// <see cref="FastNode"/>s; returns null for anything else, which then runs on the SDK's engine.
/// </summary>
internal static class SearchPathCompiler
{
    public static FastNode? TryCompile(Expression expression) => Node(expression, atRoot: true);

    private static FastNode? Node(Expression expression, bool atRoot) => expression switch
    {
        AxisExpression { AxisName: "that" or "this" } => ThisNode.Instance,
        BracketExpression bracket => Node(bracket.Operand, atRoot),
        ChildExpression child => Child(child, atRoot),
        BinaryExpression { Op: "|" } union => Union(Operands(union), atRoot),
        BinaryExpression { Op: "as" } cast => TypeFilter(Operands(cast)[0], Operands(cast)[1], atRoot),
        FunctionCallExpression call => Function(call, [.. call.Arguments], atRoot),
        _ => null,
    };

    private static FastNode? Function(FunctionCallExpression call, Expression[] arguments, bool atRoot) => (call.FunctionName, arguments) switch
    {
        ("as" or "ofType", [var type]) => TypeFilter(call.Focus, type, atRoot),
        ("builtin.item", [ConstantExpression { Value: int index }]) => Node(call.Focus, atRoot) is { } focus ? new IndexNode(focus, index) : null,
        ("where", [var criterion]) => Where(call.Focus, criterion, atRoot),
        _ => null,
    };

    private static FastNode? Child(ChildExpression child, bool atRoot)
    {
        // A leading capitalised name that is a resource type selects the input when it has that
        // type (Patient.name); elsewhere names are element names.
        if (atRoot && child.Focus is AxisExpression && ModelInfo.GetTypeForFhirType(child.ChildName) is { } type && typeof(Resource).IsAssignableFrom(type))
        {
            return new TypeRootNode(type);
        }
        return Node(child.Focus, atRoot) is { } focus ? new ChildNode(focus, child.ChildName) : null;
    }

    // The SDK's parser keeps a binary operator's operands as the call's two arguments (its
    // Left/Right properties do not name them), so read the arguments.
    private static Expression[] Operands(BinaryExpression binary) => [.. binary.Arguments];

    private static FastNode? Union(Expression[] operands, bool atRoot)
    {
        var branches = new List<FastNode>();
        foreach (var side in operands)
        {
            var node = Node(side, atRoot);
            if (node is null)
            {
                return null;
            }
            // Flatten a | b | c into one union: same result, one de-duplication pass.
            if (node is UnionNode nested)
            {
                branches.AddRange(nested.Branches);
            }
            else
            {
                branches.Add(node);
            }
        }
        return new UnionNode(branches);
    }

    private static FastNode? TypeFilter(Expression focusExpression, Expression typeExpression, bool atRoot)
    {
        var typeName = TypeName(typeExpression);
        var focus = Node(focusExpression, atRoot);
        return typeName is null || focus is null ? null : new TypeFilterNode(focus, typeName);
    }

    private static FastNode? Where(Expression focusExpression, Expression criterion, bool atRoot)
    {
        var focus = Node(focusExpression, atRoot);
        var condition = criterion switch
        {
            BinaryExpression { Op: "is" } isType => Operands(isType) is [FunctionCallExpression { FunctionName: "resolve", Focus: AxisExpression } resolve, var type]
                && !resolve.Arguments.Any() && TypeName(type) is { } name
                    ? new ResolvesToCondition(name)
                    : null,
            BinaryExpression { Op: "=" } equals => Operands(equals) is [var left, ConstantExpression { Value: string text } literal] && literal is not IdentifierExpression
                && Node(left, atRoot: false) is { } path
                    ? new EqualsTextCondition(path, text)
                    : (FastCondition?)null,
            _ => null,
        };
        return focus is null || condition is null ? null : new WhereNode(focus, condition);
    }

    private static string? TypeName(Expression expression)
    {
        var name = expression switch
        {
            ConstantExpression { Value: string text } => text,
            ChildExpression { Focus: AxisExpression, ChildName: var child } => child,
            _ => null,
        };
        return name is not null && name.StartsWith("FHIR.", StringComparison.Ordinal) ? name["FHIR.".Length..] : name;
    }
}
