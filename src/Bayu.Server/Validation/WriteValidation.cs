using Bayu.Engine.Pipeline;
using Bayu.Fhir.Validation;

namespace Bayu.Server.Validation;

/// <summary>
/// Puts the profile validator on the write path as a step of the engine's pipeline (<c>Bayu:Validation:OnWrite</c>, default true): a
/// resource with error-level issues is refused with 422 and the full outcome, before anything is
/// stored. Off is for loading trusted bulk data whose known defects are accepted (e.g. Synthea's
/// dangling contained references); the data-quality gate is the default.
/// </summary>
public static class WriteValidation
{
    public const string OnWriteKey = "Bayu:Validation:OnWrite";

    public static IHostApplicationBuilder AddWriteValidation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var setting = builder.Configuration[OnWriteKey];
        var enabled = true;
        if (!string.IsNullOrWhiteSpace(setting) && !bool.TryParse(setting, out enabled))
        {
            throw new InvalidOperationException($"{OnWriteKey} must be true or false, not '{setting}'");
        }
        builder.Services.AddSingleton(_ => ResourceValidator.Default);
        if (enabled)
        {
            builder.Services.AddSingleton<IFhirInterceptor>(services => new ValidationStep(services.GetRequiredService<ResourceValidator>()));
        }
        return builder;
    }

    /// <summary>Every resource written is validated against its profiles; errors refuse the write (422).</summary>
    private sealed class ValidationStep(ResourceValidator validator) : IWriteInterceptor
    {
        public void OnWrite(WriteScope scope) => scope.AddIssues(validator.Validate(scope.Resource).Issue);
    }
}
