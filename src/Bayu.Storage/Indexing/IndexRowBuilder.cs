using Bayu.Fhir.Definitions;
using Bayu.Fhir.Search;
using Hl7.Fhir.Model;

namespace Bayu.Storage.Indexing;

/// <summary>
/// Evaluates every search parameter of a resource's type (through the search-value extractor) and
/// turns the selected elements into typed index rows. Composite and special parameters are left
/// to the search issue; <c>_id</c> and <c>_lastUpdated</c> are served from the resource row.
/// </summary>
public sealed class IndexRowBuilder(DefinitionRegistry registry, SearchValueExtractor extractor)
{
    public static IndexRowBuilder Default { get; } = new(DefinitionRegistry.Default, SearchValueExtractor.Default);

    public ResourceIndex Build(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var index = new ResourceIndex();
        foreach (var (code, parameter) in registry.SearchParameters.For(resource.TypeName))
        {
            if (code is "_id" or "_lastUpdated" || parameter.Type is null or SearchParamType.Composite or SearchParamType.Special)
            {
                continue;
            }
            IReadOnlyList<Base> values;
            try
            {
                values = extractor.Extract(resource, parameter);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A definition expression the engine cannot evaluate on this instance must not block the
                // write; the parameter just has no rows for it.
                continue;
            }
            var familyNames = parameter.Type == SearchParamType.String && FamilyNameParts.Selects(parameter.Expression);
            foreach (var value in values)
            {
                IndexValueConverter.Add(index, code, parameter.Type.Value, value);
                if (familyNames)
                {
                    IndexValueConverter.AddFamilyNameParts(index, code, value);
                }
            }
        }
        return index;
    }
}
