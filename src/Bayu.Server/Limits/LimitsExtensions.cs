using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Bayu.Server.Limits;

/// <summary>Binds <see cref="LimitsOptions"/> and hands the ones Kestrel can enforce to Kestrel.</summary>
public static class LimitsExtensions
{
    public static IHostApplicationBuilder AddRequestLimits(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<LimitsOptions>()
            .Bind(builder.Configuration.GetSection(LimitsOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<LimitsOptions>>().Value.ToParseLimits());
        builder.Services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitsOptions>>((kestrel, limits) =>
        {
            // Kestrel stops reading past the body limit itself; the door refuses with an outcome first
            // whenever Content-Length tells. The request line may be longer than Kestrel's 8 KB default
            // so that an over-long URL reaches the door and gets a FHIR 414, not a bare one.
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
            // Up to Kestrel's whole request buffer (1 MiB): only past it does Kestrel answer a bare 414
            // itself (a 2,000-value OR list is ~70 KB and must get the FHIR 414 suggesting POST).
            kestrel.ConfigureEndpointDefaults(endpoint => BareRefusalOutcomes.Use(endpoint));
            kestrel.Limits.MaxRequestLineSize = Math.Max(kestrel.Limits.MaxRequestLineSize, (int)Math.Min(kestrel.Limits.MaxRequestBufferSize ?? (1024 * 1024), 1024 * 1024));
        });
        return builder;
    }
}
