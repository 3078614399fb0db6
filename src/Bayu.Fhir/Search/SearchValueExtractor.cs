using Bayu.Fhir.FhirPath;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Search;

/// <summary>
/// Selects the elements a search parameter indexes in a resource, i.e. evaluates the parameter's
/// FHIRPath expression. Converting those elements into index rows is the store's job.
/// </summary>
public sealed class SearchValueExtractor
{
    private static readonly Lazy<SearchValueExtractor> s_default = new(() => new SearchValueExtractor(FhirPathEngine.Default));

    private readonly FhirPathEngine _engine;

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
    public IReadOnlyList<Base> Extract(Resource resource, string expression)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(expression);
        return _engine.Compile(expression).Select(resource);
    }
}
