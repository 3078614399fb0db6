using System.Collections.Concurrent;
using Bayu.Fhir.FhirPath;
using Bayu.Fhir.Search.FastPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Search;

/// <summary>
/// Selects the elements a search parameter indexes in a resource, i.e. evaluates the parameter's
/// FHIRPath expression. Converting those elements into index rows is the store's job.
/// </summary>
/// <remarks>
/// Expressions in the shapes R4 search parameters use run as direct accessors over the model (see
/// ADR 0300); anything else, and any data the fast path does not handle, runs on the SDK's
/// engine. In both, <c>resolve()</c> answers from the reference itself (its type, or the
/// contained resource it names): indexing never fetches other resources.
/// </remarks>
public sealed class SearchValueExtractor
{
    private static readonly Lazy<SearchValueExtractor> s_default = new(() => new SearchValueExtractor(FhirPathEngine.Default));
    private static readonly FhirPathContext s_referenceTypeContext = new() { Resolver = ReferenceTargets.StubFor };

    private readonly FhirPathEngine _engine;
    // Plans by expression text, and by string instance: callers pass the same SearchParameter
    // expression strings again and again, and hashing a 1,000-character union on every call
    // would cost more than evaluating it.
    private readonly ConcurrentDictionary<string, Plan> _plans = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Plan> _plansByInstance = new(ReferenceEqualityComparer.Instance);

    public SearchValueExtractor(FhirPathEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
    }

    /// <summary>The extractor over <see cref="FhirPathEngine.Default"/>.</summary>
    public static SearchValueExtractor Default => s_default.Value;

    /// <summary>The elements <paramref name="parameter"/>'s expression selects in <paramref name="resource"/>; empty when it has no expression.</summary>
    public IReadOnlyList<Base> Extract(Resource resource, SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return string.IsNullOrEmpty(parameter.Expression) ? [] : Extract(resource, parameter.Expression);
    }

    /// <summary>The elements a search-parameter expression selects in <paramref name="resource"/>.</summary>
    /// <exception cref="FhirPathSyntaxException">The expression is not valid FHIRPath.</exception>
    public IReadOnlyList<Base> Extract(Resource resource, string expression)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(expression);
        var plan = PlanFor(expression);
        if (plan.Node is not null)
        {
            var fast = plan.For(resource.GetType());
            if (fast is null)
            {
                return [];
            }
            try
            {
                var output = new List<Base>();
                fast.Evaluate(resource, resource, output);
                return output;
            }
            catch (FastPathNotApplicableException)
            {
                // fall through to the SDK's engine for this resource
            }
        }
        return ExtractWithFhirPathEngine(resource, expression);
    }

    /// <summary>True when <paramref name="expression"/> runs on the compiled fast path.</summary>
    public bool IsFastPath(string expression) => PlanFor(expression).Node is not null;

    /// <summary>
    /// The same extraction through the SDK's FHIRPath engine only: the reference the fast path
    /// must match exactly (differential tests) and the baseline of the benchmark.
    /// </summary>
    public IReadOnlyList<Base> ExtractWithFhirPathEngine(Resource resource, string expression)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(expression);
        return _engine.Compile(expression).Select(resource, s_referenceTypeContext);
    }

    private Plan PlanFor(string expression)
    {
        if (_plansByInstance.TryGetValue(expression, out var plan))
        {
            return plan;
        }
        plan = _plans.GetOrAdd(expression, e => new Plan(SearchPathCompiler.TryCompile(_engine.Compile(e).Parsed)));
        if (_plansByInstance.Count < MaxInstanceEntries)
        {
            _plansByInstance.TryAdd(expression, plan);
        }
        return plan;
    }

    // Bounds the instance cache when callers build expression strings on the fly.
    private const int MaxInstanceEntries = 20_000;

    /// <summary>One expression's fast form (null: the SDK's engine runs it), specialised per resource type on first use.</summary>
    private sealed class Plan(FastNode? node)
    {
        private readonly ConcurrentDictionary<Type, FastNode?> _byType = new();

        public FastNode? Node => node;

        public FastNode? For(Type resourceType) =>
            _byType.TryGetValue(resourceType, out var specialized) ? specialized : _byType.GetOrAdd(resourceType, t => node!.Specialize(t));
    }
}
