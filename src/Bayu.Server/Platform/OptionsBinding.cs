using Microsoft.Extensions.Options;

namespace Bayu.Server.Platform;

/// <summary>
/// How every platform and module options class is bound: from its configuration section, where an
/// empty value means "not set" (an empty environment variable such as <c>Bayu__Storage__Provider=</c>
/// keeps the default instead of failing the start as a value of the wrong type).
/// </summary>
public static class OptionsBinding
{
    public static OptionsBuilder<TOptions> BindSection<TOptions>(this OptionsBuilder<TOptions> builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Configure<IConfiguration>((options, configuration) =>
        {
            // Full paths, so a value of the wrong type is reported with its whole key.
            var values = configuration.GetSection(section).AsEnumerable().Where(kv => !string.IsNullOrEmpty(kv.Value));
            new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section).Bind(options);
        });
    }
}
