using System.Linq.Expressions;
using Expression = System.Linq.Expressions.Expression;
using System.Reflection;
using Hl7.Fhir.Model;
using Hl7.FhirPath.Expressions;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// Registration of functions whose arguments are expressions evaluated per item (<c>iif</c>,
/// <c>all</c>, <c>repeat</c>), which the SDK's public <c>SymbolTable.Add</c> overloads cannot
/// express: their argument type (<c>Invokee</c>) and the evaluation scope (<c>Closure</c>) are internal.
/// </summary>
/// <remarks>
/// Everything internal is bound once through reflection and compiled expression trees; Bayu's
/// code only sees <see cref="Scope"/> and <see cref="Argument"/>. Any member an SDK upgrade
/// renames makes the first engine creation fail, which the FHIRPath tests catch.
/// </remarks>
internal static class SdkLambdas
{
    private static readonly Assembly s_sdk = typeof(SymbolTable).Assembly;
    private static readonly Type s_invokee = SdkType("Hl7.FhirPath.Expressions.Invokee");
    private static readonly Type s_closure = SdkType("Hl7.FhirPath.Expressions.Closure");
    private static readonly Type s_signature = SdkType("Hl7.FhirPath.Expressions.CallSignature");
    private static readonly Type s_closureExtensions = SdkType("Hl7.FhirPath.Expressions.ClosureExtensions");
    private static readonly MethodInfo s_add = typeof(SymbolTable).GetMethod("Add", BindingFlags.Instance | BindingFlags.NonPublic, [s_signature, s_invokee])
        ?? throw Changed("SymbolTable.Add(CallSignature, Invokee)");

    private static readonly Func<Delegate, object, IEnumerable<PocoNode>> s_invoke = CompileInvoke();
    private static readonly Func<object, IEnumerable<PocoNode>, object> s_nest = CompileNest();
    private static readonly Action<object, IEnumerable<PocoNode>> s_setThis = CompileSetter("SetThis");
    private static readonly Action<object, IEnumerable<PocoNode>> s_setIndex = CompileSetter("SetIndex");

    /// <summary>One evaluation scope of the SDK (its Closure), opaque to Bayu.</summary>
    public readonly record struct Scope(object Closure)
    {
        /// <summary>A nested scope where <c>$this</c> is <paramref name="item"/> and <c>$index</c> is <paramref name="index"/>.</summary>
        public Scope For(PocoNode item, int index)
        {
            PocoNode[] focus = [item];
            var nested = s_nest(Closure, focus);
            s_setThis(nested, focus);
            s_setIndex(nested, [PocoNode.ForAnyPrimitive(index)]);
            return new Scope(nested);
        }

        /// <summary>A nested scope where <c>$this</c> is <paramref name="focus"/>; <c>$index</c> and <c>$total</c> are inherited.</summary>
        public Scope WithThis(IReadOnlyList<PocoNode> focus)
        {
            var nested = s_nest(Closure, focus);
            s_setThis(nested, focus);
            return new Scope(nested);
        }
    }

    /// <summary>One unevaluated argument of the call (the first one is the focus).</summary>
    public readonly record struct Argument(Delegate Invokee)
    {
        public IReadOnlyList<PocoNode> Evaluate(Scope scope) => [.. s_invoke(Invokee, scope.Closure)];
    }

    /// <summary>Registers <paramref name="body"/> as <paramref name="name"/> taking the focus and <paramref name="expressionArguments"/> expressions.</summary>
    public static void Add(SymbolTable table, string name, int expressionArguments, Func<Scope, IReadOnlyList<Argument>, IEnumerable<PocoNode>> body)
    {
        Type[] argumentTypes = [typeof(object), .. Enumerable.Repeat(s_invokee, expressionArguments)];
        var signature = Activator.CreateInstance(s_signature, name, typeof(IEnumerable<PocoNode>), argumentTypes)!;
        s_add.Invoke(table, [signature, ToInvokee(body)]);
    }

    private static Delegate ToInvokee(Func<Scope, IReadOnlyList<Argument>, IEnumerable<PocoNode>> body)
    {
        var closure = Expression.Parameter(s_closure, "closure");
        var arguments = Expression.Parameter(typeof(IEnumerable<>).MakeGenericType(s_invokee), "arguments");
        var call = Expression.Invoke(
            Expression.Constant(new Func<object, IEnumerable<Delegate>, IEnumerable<PocoNode>>((c, a) => body(new Scope(c), [.. a.Select(d => new Argument(d))]))),
            Expression.Convert(closure, typeof(object)),
            Expression.Convert(arguments, typeof(IEnumerable<Delegate>)));
        return Expression.Lambda(s_invokee, call, closure, arguments).Compile();
    }

    private static Func<Delegate, object, IEnumerable<PocoNode>> CompileInvoke()
    {
        var invokee = Expression.Parameter(typeof(Delegate), "invokee");
        var closure = Expression.Parameter(typeof(object), "closure");
        var noArguments = Expression.Constant(Array.CreateInstance(s_invokee, 0), typeof(IEnumerable<>).MakeGenericType(s_invokee));
        var body = Expression.Invoke(Expression.Convert(invokee, s_invokee), Expression.Convert(closure, s_closure), noArguments);
        return Expression.Lambda<Func<Delegate, object, IEnumerable<PocoNode>>>(body, invokee, closure).Compile();
    }

    private static Func<object, IEnumerable<PocoNode>, object> CompileNest()
    {
        var nest = s_closureExtensions.GetMethod("Nest", BindingFlags.Public | BindingFlags.Static, [s_closure, typeof(IEnumerable<PocoNode>)])
            ?? throw Changed("ClosureExtensions.Nest");
        var closure = Expression.Parameter(typeof(object), "closure");
        var focus = Expression.Parameter(typeof(IEnumerable<PocoNode>), "focus");
        var body = Expression.Convert(Expression.Call(nest, Expression.Convert(closure, s_closure), focus), typeof(object));
        return Expression.Lambda<Func<object, IEnumerable<PocoNode>, object>>(body, closure, focus).Compile();
    }

    private static Action<object, IEnumerable<PocoNode>> CompileSetter(string name)
    {
        var setter = s_closureExtensions.GetMethod(name, BindingFlags.Public | BindingFlags.Static, [s_closure, typeof(IEnumerable<PocoNode>)])
            ?? throw Changed("ClosureExtensions." + name);
        var closure = Expression.Parameter(typeof(object), "closure");
        var value = Expression.Parameter(typeof(IEnumerable<PocoNode>), "value");
        return Expression.Lambda<Action<object, IEnumerable<PocoNode>>>(Expression.Call(setter, Expression.Convert(closure, s_closure), value), closure, value).Compile();
    }

    private static Type SdkType(string name) => s_sdk.GetType(name) ?? throw Changed(name);

    private static InvalidOperationException Changed(string member) =>
        new($"The SDK's {member} changed; review SdkLambdas after the SDK upgrade.");
}
