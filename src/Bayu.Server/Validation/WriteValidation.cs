using Bayu.Server.Platform;
using Bayu.Engine.Pipeline;
using Bayu.Fhir.Validation;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Validation;

/// <summary>
/// Puts the profile validator on the write path as a step of the engine's pipeline (<c>Bayu:Validation:OnWrite</c>, default true): a
/// resource with error-level issues is refused with 422 and the full outcome, before anything is
/// stored. Off is for loading trusted bulk data whose known defects are accepted (e.g. Synthea's
/// dangling contained references); the data-quality gate is the default.
/// </summary>
public static class WriteValidation
{
    public static IHostApplicationBuilder AddWriteValidation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ValidationOptions>().BindSection(ValidationOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton(_ => ResourceValidator.Default);
        builder.Services.AddSingleton<IFhirInterceptor>(services => new ValidationStep(
            services.GetRequiredService<ResourceValidator>(), services.GetRequiredService<IOptions<ValidationOptions>>().Value));
        return builder;
    }

    /// <summary>Every resource written is validated against its profiles; errors refuse the write (422).</summary>
    private sealed class ValidationStep(ResourceValidator validator, ValidationOptions options) : IWriteInterceptor
    {
        public void OnWrite(WriteScope scope)
        {
            if (options.OnWrite)
            {
                scope.AddIssues(validator.Validate(scope.Resource).Issue);
            }
        }
    }
}

/// <summary>Section <c>Bayu:Validation</c>.</summary>
public sealed class ValidationOptions
{
    public const string Section = "Bayu:Validation";

    /// <summary><c>Bayu:Validation:OnWrite</c>: validate every written resource against its profiles (default true).</summary>
    public bool OnWrite { get; set; } = true;
}
