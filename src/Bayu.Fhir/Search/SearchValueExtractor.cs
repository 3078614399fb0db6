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
    private readonly ConcurrentDictionary<string, FastNode?> _fast = new(StringComparer.Ordinal);

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
        if (FastNodeFor(expression) is { } fast)
        {
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
    public bool IsFastPath(string expression) => FastNodeFor(expression) is not null;

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

    private FastNode? FastNodeFor(string expression) =>
        _fast.GetOrAdd(expression, e => SearchPathCompiler.TryCompile(_engine.Compile(e).Parsed));
}
