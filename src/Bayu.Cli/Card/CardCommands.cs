using System.CommandLine;
using System.Text.Json;
using Bayu.Cli.Crypto;
using Bayu.Cli.Infrastructure;
using Bayu.Crypto.HealthCard;
using QRCoder;

namespace Bayu.Cli.Card;

/// <summary><c>bayu card</c>: issue electronic health cards (电子健康卡), create and verify their dynamic QR codes.</summary>
public static class CardCommands
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static Command Build() => new("card", "Electronic health card (电子健康卡): issue, dynamic QR code, offline verification")
    {
        BuildIssue(), BuildQr(), BuildVerify(),
    };

    private static Option<FileInfo?> ConfigOption() => new("--config")
    {
        Description = "JSON file with a Bayu:HealthCard section (RootKey, ProtectionKeys, ActiveProtectionKeyId, QrValiditySeconds); default: Bayu__HealthCard__* environment variables",
    };

    private static Command BuildIssue()
    {
        var config = ConfigOption();
        var documentType = new Option<string>("--doc-type") { Description = "Identity document type code (01 resident ID card, 03 passport, …)", DefaultValueFactory = _ => IdentityDocument.ResidentIdCard };
        var documentNumber = new Option<string>("--doc-number") { Description = "Identity document number", Required = true };
        var cardType = new Option<string>("--type") { Description = "temporary or formal", DefaultValueFactory = _ => "formal" };
        cardType.AcceptOnlyFromAmong("temporary", "formal");
        var command = new Command("issue", "Derive the master index ID and card ID for a resident and print the card as JSON") { config, documentType, documentNumber, cardType };
        command.SetAction(parseResult =>
        {
            var options = CardConfiguration.Load(parseResult.GetValue(config));
            var issuer = new HealthCardIssuer(CliInput.Guard(() => SecretKey.FromHex(options.RootKey, "Bayu:HealthCard:RootKey")));
            var document = CliInput.Guard(() => IdentityDocument.Create(parseResult.GetValue(documentType)!, parseResult.GetValue(documentNumber)!));
            var type = parseResult.GetValue(cardType) == "temporary" ? HealthCardType.Temporary : HealthCardType.Formal;
            var card = issuer.Issue(document, type, DateTimeOffset.Now);
            parseResult.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
            {
                card.MasterIndexId,
                card.CardId,
                Type = card.Type.ToString().ToLowerInvariant(),
                Status = card.Status.ToString().ToLowerInvariant(),
                card.IssuedAt,
            }, s_json));
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildQr()
    {
        var config = ConfigOption();
        var cardId = new Option<string>("--card-id") { Description = "Card ID to encode", Required = true };
        var validity = new Option<int?>("--validity") { Description = "Seconds the code stays valid (default: QrValiditySeconds from configuration)" };
        var png = new Option<FileInfo?>("--png") { Description = "Also render the code as a PNG image" };
        var command = new Command("qr", "Create a dynamic QR code for a card; prints the code text") { config, cardId, validity, png };
        command.SetAction(parseResult =>
        {
            var options = CardConfiguration.Load(parseResult.GetValue(config));
            if (parseResult.GetValue(validity) is { } seconds)
            {
                options.QrValiditySeconds = seconds > 0 ? seconds : throw new CliUsageException("--validity must be positive.");
            }
            var issuer = CliInput.Guard(() => QrCodeIssuer.FromOptions(options, TimeProvider.System));
            var (text, expiresAt) = CliInput.Guard(() => issuer.Create(parseResult.GetValue(cardId)!));
            parseResult.InvocationConfiguration.Output.WriteLine(text);
            parseResult.InvocationConfiguration.Error.WriteLine($"valid until {expiresAt:yyyy-MM-dd HH:mm:ss zzz}");
            if (parseResult.GetValue(png) is { } file)
            {
                using var generator = new QRCodeGenerator();
                using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
                File.WriteAllBytes(file.FullName, new PngByteQRCode(data).GetGraphic(8));
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command BuildVerify()
    {
        var config = ConfigOption();
        var statusList = new Option<FileInfo?>("--status-list") { Description = "Terminal's status list: lines 'CARD-ID revoked|suspended'" };
        var code = new Argument<string>("CODE") { Description = "Text scanned from the QR code" };
        var command = new Command("verify", "Verify a dynamic QR code offline; exit 0 valid, 1 refused (expired, tampered, revoked, suspended, unknown key, malformed)") { config, statusList, code };
        command.SetAction(parseResult =>
        {
            var options = CardConfiguration.Load(parseResult.GetValue(config));
            var keys = CliInput.Guard(() => ProtectionKeyRing.FromOptions(options));
            var statuses = ReadStatusList(parseResult.GetValue(statusList));
            var verifier = new QrCodeVerifier(keys, statuses, TimeProvider.System, TimeSpan.FromSeconds(options.ClockSkewSeconds));
            var result = verifier.Verify(parseResult.GetValue(code)!);
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine($"{result.Result.ToString().ToLowerInvariant()}: {result.Reason}");
            if (result.CardId is not null)
            {
                output.WriteLine($"card {result.CardId}, expires {result.ExpiresAt:yyyy-MM-dd HH:mm:ss zzz}");
            }
            return result.IsValid ? CliRunner.Ok : CliRunner.Problems;
        });
        return command;
    }

    private static CardStatusList ReadStatusList(FileInfo? file)
    {
        if (file is null)
        {
            return CardStatusList.Empty;
        }
        var statuses = new Dictionary<string, HealthCardStatus>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(file.FullName))
        {
            lineNumber++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0].StartsWith('#'))
            {
                continue;
            }
            statuses[parts[0]] = parts is [_, "revoked"] ? HealthCardStatus.Revoked
                : parts is [_, "suspended"] ? HealthCardStatus.Suspended
                : throw new CliUsageException($"{file.Name} line {lineNumber}: expected 'CARD-ID revoked|suspended'.");
        }
        return new CardStatusList(statuses);
    }
}
