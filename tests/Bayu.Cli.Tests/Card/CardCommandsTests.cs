using System.Text.Json;
using Bayu.Cli.Infrastructure;
using Bayu.Cli.Tests.Crypto;

namespace Bayu.Cli.Tests.Card;

public sealed class CardCommandsTests : CliHarness
{
    private const string RootKey = "00112233445566778899AABBCCDDEEFF";

    [Fact]
    public void GivenAResident_WhenIssuedThenQrAndVerify_ThenTheCodeIsValidForThatCard()
    {
        var config = Config();

        var issued = Run("card", "issue", "--config", config, "--doc-number", "11010519491231002X", "--type", "temporary");
        using var card = JsonDocument.Parse(issued.Stdout);
        var cardId = card.RootElement.GetProperty("cardId").GetString()!;
        Assert.Equal(CliRunner.Ok, issued.Code);
        Assert.Equal("temporary", card.RootElement.GetProperty("type").GetString());
        Assert.Equal("normal", card.RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain(RootKey, issued.Stdout + issued.Stderr, StringComparison.OrdinalIgnoreCase);

        var qr = Run("card", "qr", "--config", config, "--card-id", cardId, "--png", PathOf("qr.png"));
        var text = qr.Stdout.Trim();
        Assert.Equal(CliRunner.Ok, qr.Code);
        Assert.StartsWith("EHC1.k1.", text, StringComparison.Ordinal);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(PathOf("qr.png"))[..4]);

        var verified = Run("card", "verify", "--config", config, text);
        Assert.Equal(CliRunner.Ok, verified.Code);
        Assert.StartsWith("valid", verified.Stdout, StringComparison.Ordinal);
        Assert.Contains(cardId, verified.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenARevokedCardOnTheStatusList_WhenVerified_ThenExit1Revoked()
    {
        var config = Config();
        var text = Run("card", "qr", "--config", config, "--card-id", "ABCDEF").Stdout.Trim();
        var list = Write("status.txt", "# nightly list\nABCDEF revoked\n");

        var (code, stdout, _) = Run("card", "verify", "--config", config, "--status-list", list, text);

        Assert.Equal(CliRunner.Problems, code);
        Assert.StartsWith("revoked", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenACodeFromAnotherRegionsKey_WhenVerified_ThenExit1UnknownKey()
    {
        var text = Run("card", "qr", "--config", Config(keyId: "other"), "--card-id", "ABCDEF").Stdout.Trim();
        var (code, stdout, _) = Run("card", "verify", "--config", Config(), text);
        Assert.Equal(CliRunner.Problems, code);
        Assert.StartsWith("unknownkey", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenATamperedCode_WhenVerified_ThenExit1Tampered()
    {
        var config = Config();
        var text = Run("card", "qr", "--config", config, "--card-id", "ABCDEF").Stdout.Trim();
        var tampered = text[..^3] + (text[^3] == 'A' ? 'B' : 'A') + text[^2..];
        var (code, stdout, _) = Run("card", "verify", "--config", config, tampered);
        Assert.Equal(CliRunner.Problems, code);
        Assert.StartsWith("tampered", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenGarbage_WhenVerified_ThenExit1Malformed()
    {
        var (code, stdout, _) = Run("card", "verify", "--config", Config(), "https://example.com/not-a-card");
        Assert.Equal(CliRunner.Problems, code);
        Assert.StartsWith("malformed", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnInvalidResidentIdNumber_WhenIssuing_ThenExit2() =>
        AssertBadInput(Run("card", "issue", "--config", Config(), "--doc-number", "11010519491231002Y"), "GB 11643");

    [Fact]
    public void GivenANumberBornInTheFutureThatTheOldCardCheckAccepted_WhenIssuing_ThenExit2LikeTheProfile() =>
        // Check character right, date parseable: the card used to issue it, cn-patient refused it.
        AssertBadInput(Run("card", "issue", "--config", Config(), "--doc-number", "110105299901010014"), "impossible birth date");

    [Fact]
    public void GivenAShortRootKey_WhenIssuing_ThenExit2NamingTheSettingButNotTheValue()
    {
        var result = Run("card", "issue", "--config", Config(rootKey: "0011223344"), "--doc-number", "11010519491231002X");
        AssertBadInput(result, "Bayu:HealthCard:RootKey");
        Assert.DoesNotContain("0011223344", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnActiveKeyThatIsNotConfigured_WhenCreatingAQr_ThenExit2()
    {
        var config = WriteConfig("bad.json", RootKey, new() { ["k1"] = RootKey }, "k2");
        AssertBadInput(Run("card", "qr", "--config", config, "--card-id", "ABCDEF"), "k2");
    }

    [Fact]
    public void GivenBrokenJson_WhenLoadingConfiguration_ThenExit2() =>
        AssertBadInput(Run("card", "issue", "--config", Write("broken.json", "{\"Bayu\": "), "--doc-number", "11010519491231002X"), "not valid JSON");

    [Fact]
    public void GivenABadStatusListLine_WhenVerifying_ThenExit2() =>
        AssertBadInput(Run("card", "verify", "--config", Config(), "--status-list", Write("s.txt", "ABCDEF lost\n"), "EHC1.k1.AAAA"), "line 1");

    private string Config(string rootKey = RootKey, string keyId = "k1") =>
        WriteConfig($"card-{keyId}-{rootKey.Length}.json", rootKey, new() { [keyId] = "0123456789ABCDEFFEDCBA9876543210" }, keyId);

    private string WriteConfig(string name, string rootKey, Dictionary<string, string> protectionKeys, string activeKeyId) =>
        Write(name, JsonSerializer.Serialize(new
        {
            Bayu = new
            {
                HealthCard = new { RootKey = rootKey, ProtectionKeys = protectionKeys, ActiveProtectionKeyId = activeKeyId, QrValiditySeconds = 60 },
            },
        }));
}
