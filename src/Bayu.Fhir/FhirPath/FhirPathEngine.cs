using System.Collections.Concurrent;
using Bayu.Fhir.Definitions;
using Bayu.Fhir.Terminology;
using Bayu.Fhir.Validation;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Terminology;
using Hl7.FhirPath;
using Expression = Hl7.FhirPath.Expressions.Expression;

namespace Bayu.Fhir.FhirPath;

/// <summary>
/// Bayu's single entry point to FHIRPath: the Firely SDK's engine with Bayu's corrections to its
/// symbol table, a thread-safe compiled-expression cache, and terminology over the
/// <see cref="DefinitionRegistry"/>.
/// </summary>
public sealed class FhirPathEngine
{
    private static readonly Lazy<FhirPathEngine> s_default = new(() => new FhirPathEngine(() => DefinitionRegistry.Default));

    private readonly FhirPathCompiler _compiler;
    private readonly ConcurrentDictionary<string, CompiledFhirPath> _cache = new(StringComparer.Ordinal);
    private readonly Lazy<ICodeValidationTerminologyService> _terminology;
    private readonly Lazy<ResourceValidator> _validator;
    private readonly Func<DefinitionRegistry> _registry;

    /// <summary>Creates an engine whose <c>memberOf()</c> reads value sets from <paramref name="registry"/>.</summary>
    public FhirPathEngine(Func<DefinitionRegistry> registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _compiler = new FhirPathCompiler(FhirPathSymbols.Create());
        // The registry is loaded on first memberOf(), not when the engine is created: most
        // expressions never need terminology.
        _terminology = new(() => new LocalTerminologyService(registry()), LazyThreadSafetyMode.ExecutionAndPublication);
        _registry = registry;
        // conformsTo() validates with Bayu's validator over the same definitions; created on first use.
        _validator = new(() => registry() is var r && ReferenceEquals(r, DefinitionRegistry.Default)
            ? ResourceValidator.Default
            : new ResourceValidator(r, new TerminologyService(r), this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The engine over <see cref="DefinitionRegistry.Default"/>.</summary>
    public static FhirPathEngine Default => s_default.Value;

    /// <summary>Parses and compiles an expression once; later calls with the same text reuse it.</summary>
    /// <exception cref="FhirPathSyntaxException">The expression is not valid FHIRPath.</exception>
    public CompiledFhirPath Compile(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        if (_cache.TryGetValue(expression, out var compiled))
        {
            return compiled;
        }

        compiled = CompileUncached(expression);
        return _cache.GetOrAdd(expression, compiled);
    }

    /// <summary>Evaluates <paramref name="expression"/> on <paramref name="input"/> and returns the selected elements.</summary>
    public IEnumerable<Base> Select(Base input, string expression, FhirPathContext? context = null) =>
        Compile(expression).Select(input, context);

    /// <summary>True when the expression evaluates to <c>true</c> (an empty result is false).</summary>
    public bool Predicate(Base input, string expression, FhirPathContext? context = null) =>
        Compile(expression).Predicate(input, context);

    internal ICodeValidationTerminologyService Terminology => _terminology.Value;

    /// <summary>The definitions the engine resolves type names and profiles against.</summary>
    internal DefinitionRegistry Definitions => _registry();

    /// <summary>
    /// conformsTo() (FHIR's FHIRPath extension, R4 §2.1.9.1.6): whether <paramref name="resource"/>
    /// validates without errors against the profile at <paramref name="profileUrl"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The profile is not known: the spec asks for an error, not false.</exception>
    internal bool ConformsTo(Resource resource, string profileUrl)
    {
        if (_registry().FindStructureDefinition(profileUrl) is null)
        {
            throw new InvalidOperationException($"conformsTo(): the profile '{profileUrl}' is not known.");
        }
        var outcome = _validator.Value.Validate(resource, profileUrl);
        return !outcome.Issue.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
    }

    private CompiledFhirPath CompileUncached(string expression)
    {
        Expression parsed;
        CompiledExpression compiled;
        try
        {
            parsed = FhirPathPrecedence.Fix(_compiler.Parse(expression));
            compiled = _compiler.Compile(parsed);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or NotSupportedException or Hl7.FhirPath.Sprache.ParseException)
        {
            throw new FhirPathSyntaxException($"Invalid FHIRPath expression '{expression}': {e.Message}", e) { Expression = expression };
        }
        return new CompiledFhirPath(this, expression, parsed, compiled);
    }
}
