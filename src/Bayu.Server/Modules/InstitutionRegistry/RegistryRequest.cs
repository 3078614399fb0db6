using Bayu.Engine.Errors;
using Bayu.Storage.Indexing;
using Hl7.Fhir.Model;

namespace Bayu.Server.Modules.InstitutionRegistry;

/// <summary>
/// The operation's input parameters, checked strictly as the platform checks a search: an unknown or
/// repeated parameter and an unreadable value are refused (400), never ignored. (<c>_format</c> and
/// <c>_pretty</c> shape the answer and are taken off before.)
/// </summary>
/// <param name="SilentSince">Silent means no submission at or after this instant; null: the configured number of days back.</param>
/// <param name="Silent">true: only silent institutions; false: only the others; null: all.</param>
internal sealed record RegistryRequest(DateTimeOffset? SilentSince, bool? Silent)
{
    public const string SilentSinceParameter = "silent-since";
    public const string SilentParameter = "silent";

    public static RegistryRequest Parse(Parameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        DateTimeOffset? since = null;
        bool? silent = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameters.Parameter)
        {
            var name = parameter.Name ?? "";
            if (name is not (SilentSinceParameter or SilentParameter))
            {
                throw Invalid(OperationOutcome.IssueType.NotSupported, $"unknown parameter '{name}' of $institution-registry (known: {SilentSinceParameter}, {SilentParameter})");
            }
            if (!seen.Add(name))
            {
                throw Invalid(OperationOutcome.IssueType.Invalid, $"'{name}' is given more than once");
            }
            var value = Literal(parameter);
            if (name == SilentSinceParameter)
            {
                // A date without a zone is a day in China Standard Time, as in searches; its start counts.
                since = DateRanges.TryParse(value, out var low, out _)
                    ? DateRanges.ToDateTimeOffset(low)
                    : throw Invalid(OperationOutcome.IssueType.Invalid, $"{SilentSinceParameter} '{value}' is not a FHIR date or dateTime (e.g. 2026-12-01)");
            }
            else
            {
                silent = value switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw Invalid(OperationOutcome.IssueType.Invalid, $"{SilentParameter} must be true or false, not '{value}'"),
                };
            }
        }
        return new RegistryRequest(since, silent);
    }

    /// <summary>
    /// The value as written: a query parameter arrives as a string, a POSTed one typed
    /// (<c>valueDate</c>, <c>valueBoolean</c> …); both are read the same way.
    /// </summary>
    private static string Literal(Parameters.ParameterComponent parameter) => parameter.Value switch
    {
        FhirBoolean { Value: { } b } => b ? "true" : "false",
        PrimitiveType primitive when primitive.ToString() is { } text => text,
        _ => throw Invalid(OperationOutcome.IssueType.Invalid, $"parameter '{parameter.Name}' needs a primitive value"),
    };

    private static FhirError Invalid(OperationOutcome.IssueType code, string message) => new(FhirErrorKind.Invalid, code, message);
}
