using System.Text.Json;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.HealthCard;

namespace Bayu.Cli.Card;

/// <summary>
/// Reads <see cref="HealthCardOptions"/> from an appsettings-style JSON file (section Bayu:HealthCard)
/// or, without a file, from environment variables such as <c>Bayu__HealthCard__RootKey</c>.
/// Key values are never echoed in error messages.
/// </summary>
internal static class CardConfiguration
{
    private const string EnvironmentPrefix = "Bayu__HealthCard__";

    public static HealthCardOptions Load(FileInfo? file) => file is null ? FromEnvironment() : FromFile(file);

    private static HealthCardOptions FromFile(FileInfo file)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file.FullName));
            if (!document.RootElement.TryGetProperty("Bayu", out var bayu) || !bayu.TryGetProperty("HealthCard", out var section))
            {
                throw new CliUsageException($"{file.Name} has no Bayu:HealthCard section.");
            }
            return section.Deserialize<HealthCardOptions>() ?? throw new CliUsageException($"{file.Name}: Bayu:HealthCard is empty.");
        }
        catch (JsonException)
        {
            // The message of a JsonException can quote the offending text, which may be a key.
            throw new CliUsageException($"{file.Name} is not valid JSON or has values of the wrong type.");
        }
    }

    private static HealthCardOptions FromEnvironment()
    {
        var options = new HealthCardOptions { RootKey = Environment.GetEnvironmentVariable(EnvironmentPrefix + "RootKey") ?? "" };
        if (options.RootKey.Length == 0)
        {
            throw new CliUsageException($"No health-card configuration: pass --config FILE or set {EnvironmentPrefix}RootKey and friends.");
        }
        options.ActiveProtectionKeyId = Environment.GetEnvironmentVariable(EnvironmentPrefix + "ActiveProtectionKeyId") ?? "";
        if (int.TryParse(Environment.GetEnvironmentVariable(EnvironmentPrefix + "QrValiditySeconds"), out var validity))
        {
            options.QrValiditySeconds = validity;
        }
        var keyPrefix = EnvironmentPrefix + "ProtectionKeys__";
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith(keyPrefix, StringComparison.Ordinal)))
        {
            options.ProtectionKeys[name[keyPrefix.Length..]] = Environment.GetEnvironmentVariable(name) ?? "";
        }
        return options;
    }
}
