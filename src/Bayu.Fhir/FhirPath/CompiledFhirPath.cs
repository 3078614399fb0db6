using System.Collections.Concurrent;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Expression = Hl7.FhirPath.Expressions.Expression;

namespace Bayu.Fhir.FhirPath;

/// <summary>A parsed and compiled FHIRPath expression; thread-safe, evaluate it as often as needed.</summary>
public sealed class CompiledFhirPath
{
    private readonly FhirPathEngine _engine;
    private readonly CompiledExpression _compiled;
    // Strict checks depend only on the expression and the input type.
    private readonly ConcurrentDictionary<string, string?> _strictErrors = new(StringComparer.Ordinal);

    internal CompiledFhirPath(FhirPathEngine engine, string text, Expression parsed, CompiledExpression compiled)
    {
        _engine = engine;
        Text = text;
        Parsed = parsed;
        _compiled = compiled;
    }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>The SDK's syntax tree, for code that analyses expressions (the search-value fast path).</summary>
    internal Expression Parsed { get; }

    /// <summary>Evaluates the expression on <paramref name="input"/>; a null input is the empty collection.</summary>
    /// <exception cref="FhirPathEvaluationException">The evaluation failed, e.g. on a type error.</exception>
    public IReadOnlyList<Base> Select(Base? input, FhirPathContext? context = null)
    {
        if (context is { Strict: true } && input is not null
            && _strictErrors.GetOrAdd(input.TypeName, type => FhirPathStrictChecker.Check(Parsed, type, _engine.Definitions)) is { } error)
        {
            throw new FhirPathEvaluationException($"Evaluating '{Text}' strictly failed: {error}");
        }
        var node = input?.ToPocoNode();
        try
        {
            // Materialised inside the try: the SDK evaluates lazily, so errors surface while enumerating.
            return [.. _compiled.Invoke(node is null ? [] : [node], CreateContext(node, context)).ToFhirValues().OfType<Base>()];
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidCastException or ArgumentException or FormatException or NotSupportedException or OverflowException)
        {
            throw new FhirPathEvaluationException($"Evaluating '{Text}' failed: {e.Message}", e);
        }
    }

    /// <summary>True when the expression evaluates to a single <c>true</c>.</summary>
    public bool Predicate(Base? input, FhirPathContext? context = null)
    {
        var result = Select(input, context);
        // System results (FHIRPath literals and operators) and FHIR booleans both expose a .NET bool.
        return result.Count == 1 && result[0] is PrimitiveType { JsonValue: true };
    }

    private BayuEvaluationContext CreateContext(PocoNode? input, FhirPathContext? context)
    {
        var resource = context?.Resource?.ToPocoNode() ?? (input?.Poco is Resource ? input : null);
        var evaluation = new BayuEvaluationContext
        {
            Engine = _engine,
            Resource = resource,
            RootResource = context?.RootResource?.ToPocoNode() ?? resource,
            TerminologyService = _engine.Terminology,
        };
        if (context is not null)
        {
            foreach (var (name, values) in context.Variables)
            {
                evaluation.Environment[name] = [.. values.Select(v => v.ToPocoNode())];
            }
            if (context.Resolver is { } resolver)
            {
                evaluation.ElementResolver = reference => resolver(reference)?.ToPocoNode();
            }
        }
        return evaluation;
    }
}
