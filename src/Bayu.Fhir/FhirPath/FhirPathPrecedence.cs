using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// Corrects the one place where the SDK's parser departs from the FHIRPath operator precedence
/// (FHIRPath 2.0 §6.9): it binds <c>is</c> looser than <c>|</c>, comparisons, equality and
/// <c>in</c>/<c>contains</c>, so <c>1 | 1 is Integer</c> became <c>(1 | 1) is Integer</c>.
/// </summary>
/// <remarks>
/// The tree is rewritten after parsing: an <c>is</c> whose left operand is such an operator, not
/// written in parentheses, is moved onto that operator's right operand. Only the path from the
/// root to a rewritten node is rebuilt; any node type this class does not know is left as the
/// SDK built it.
/// </remarks>
internal sealed class FhirPathPrecedence : ExpressionVisitor<Expression>
{
    private static readonly FhirPathPrecedence s_instance = new();

    // Operators the spec ranks below is/as (#07 … #10) but the SDK's parser ranks above 'is'.
    private static readonly HashSet<string> s_looser = new(StringComparer.Ordinal)
    {
        "|", ">", "<", ">=", "<=", "=", "~", "!=", "!~", "in", "contains",
    };

    public static Expression Fix(Expression expression) => expression.Accept(s_instance);

    public override Expression VisitConstant(ConstantExpression expression) => expression;

    public override Expression VisitVariableRef(VariableRefExpression expression) => expression;

    public override Expression VisitNewNodeListInit(NewNodeListInitExpression expression)
    {
        var contents = expression.Contents.ToList();
        var visited = contents.Select(Fix).ToList();
        return visited.SequenceEqual(contents, ReferenceEqualityComparer.Instance)
            ? expression
            : new NewNodeListInitExpression(visited, expression.Location);
    }

    public override Expression VisitCustomExpression(CustomExpression expression)
    {
        if (expression is not BracketExpression bracket)
        {
            return expression;
        }
        var operand = Fix(bracket.Operand);
        return ReferenceEquals(operand, bracket.Operand)
            ? bracket
            : new BracketExpression(bracket.LeftBrace, bracket.RightBrace, operand, bracket.Location);
    }

    public override Expression VisitFunctionCall(FunctionCallExpression expression)
    {
        var focus = Fix(expression.Focus);
        var arguments = expression.Arguments.ToList();
        var visited = arguments.Select(Fix).ToList();
        if (expression is BinaryExpression { Op: "is" } binary)
        {
            return Rotate(binary.OpToken, visited[0], visited[1], binary);
        }
        if (ReferenceEquals(focus, expression.Focus) && visited.SequenceEqual(arguments, ReferenceEqualityComparer.Instance))
        {
            return expression;
        }
        return expression switch
        {
            BinaryExpression b => new BinaryExpression(b.OpToken, visited[0], visited[1], b.Location),
            UnaryExpression u => new UnaryExpression(u.Op, visited[0], u.Location),
            SortDirectionExpression s => new SortDirectionExpression(s.Op, visited[0], s.Location),
            ChildExpression c => new ChildExpression(focus, c.ChildName, c.Location),
            IndexerExpression i => new IndexerExpression(focus, visited[0], i.LeftBrace, i.RightBrace, i.Location),
            _ when expression.GetType() == typeof(FunctionCallExpression) => new FunctionCallExpression(
                focus, expression.FunctionName, expression.LeftBrace, expression.RightBrace, expression.ExpressionType, visited, expression.Location),
            _ => expression,
        };
    }

    /// <summary><c>(a op b) is T</c> becomes <c>a op (b is T)</c> while op ranks below <c>is</c> and was not parenthesised.</summary>
    private static Expression Rotate(SubToken isToken, Expression left, Expression type, BinaryExpression original)
    {
        if (left is BinaryExpression inner && s_looser.Contains(inner.Op))
        {
            var operands = inner.Arguments.ToList();
            return new BinaryExpression(inner.OpToken, operands[0], Rotate(isToken, operands[1], type, original), inner.Location);
        }
        var arguments = original.Arguments.ToList();
        return ReferenceEquals(left, arguments[0]) && ReferenceEquals(type, arguments[1])
            ? original
            : new BinaryExpression(isToken, left, type, original.Location);
    }
}
