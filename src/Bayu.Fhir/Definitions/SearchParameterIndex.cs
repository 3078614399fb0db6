using System.Collections.Frozen;
using Hl7.Fhir.Model;

namespace Bayu.Fhir.Definitions;

/// <summary>Search parameters by resource type and code, including those every resource inherits.</summary>
public sealed class SearchParameterIndex
{
    // Parameters declared on Resource (_id, _lastUpdated, _profile, ...) and DomainResource (_text)
    // apply to every type; folding them in once keeps look-ups a single dictionary probe.
    private static readonly string[] s_inheritedBases = ["Resource", "DomainResource"];

    private readonly FrozenDictionary<string, FrozenDictionary<string, SearchParameter>> _byType;

    public SearchParameterIndex(IEnumerable<SearchParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var all = parameters.ToList();
        All = all;
        var declared = new Dictionary<string, Dictionary<string, SearchParameter>>(StringComparer.Ordinal);
        foreach (var parameter in all)
        {
            foreach (var type in parameter.Base.Where(b => b is not null).Select(b => b!.Value.ToString()))
            {
                if (!declared.TryGetValue(type, out var codes))
                {
                    declared[type] = codes = new(StringComparer.Ordinal);
                }
                codes[parameter.Code!] = parameter;
            }
        }

        var inherited = s_inheritedBases
            .Where(declared.ContainsKey)
            .SelectMany(b => declared[b].Values)
            .ToList();
        var byType = new Dictionary<string, FrozenDictionary<string, SearchParameter>>(StringComparer.Ordinal);
        foreach (var type in Hl7.Fhir.Model.ModelInfo.SupportedResources)
        {
            var codes = new Dictionary<string, SearchParameter>(StringComparer.Ordinal);
            foreach (var parameter in inherited)
            {
                codes[parameter.Code!] = parameter;
            }
            if (declared.TryGetValue(type, out var own))
            {
                foreach (var (code, parameter) in own)
                {
                    codes[code] = parameter;
                }
            }
            byType[type] = codes.ToFrozenDictionary(StringComparer.Ordinal);
        }
        _byType = byType.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every search parameter definition, as loaded.</summary>
    public IReadOnlyList<SearchParameter> All { get; }

    /// <summary>All parameters that apply to <paramref name="resourceType"/> (own and inherited), by code.</summary>
    public IReadOnlyDictionary<string, SearchParameter> For(string resourceType) =>
        _byType.TryGetValue(resourceType, out var codes) ? codes : FrozenDictionary<string, SearchParameter>.Empty;

    public SearchParameter? Find(string resourceType, string code) =>
        _byType.TryGetValue(resourceType, out var codes) && codes.TryGetValue(code, out var parameter) ? parameter : null;
}
