using Bayu.Server.Platform;

namespace Bayu.Server.Demo;

public static class DemoSeedingExtensions
{
    /// <summary>Seeds the demo region on first start; register after the storage so the schema exists.</summary>
    public static IHostApplicationBuilder AddDemoSeeding(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DemoOptions>()
            .BindSection(DemoOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<DemoSeedingService>();
        return builder;
    }
}
