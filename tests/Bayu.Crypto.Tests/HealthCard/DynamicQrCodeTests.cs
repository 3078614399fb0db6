using System.Buffers.Text;
using Bayu.Crypto.HealthCard;
using Bayu.Crypto.Tests.Support;

namespace Bayu.Crypto.Tests.HealthCard;

public class DynamicQrCodeTests
{
    private const string CardId = "6A1F0C2B9D3E4F5A6A1F0C2B9D3E4F5A6A1F0C2B9D3E4F5A6A1F0C2B9D3E4F5A";
    private static readonly SecretKey s_key1 = SecretKey.FromHex("0123456789ABCDEFFEDCBA9876543210", "k1");
    private static readonly SecretKey s_key2 = SecretKey.FromHex("00000000000000000000000000000001", "k2");
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GivenAFreshCode_WhenVerified_ThenValidWithCardIdAndExpiry()
    {
        var (text, expires) = Issuer().Create(CardId);

        var result = Verifier().Verify(text);

        Assert.Equal(QrVerificationResult.Valid, result.Result);
        Assert.True(result.IsValid);
        Assert.Equal(CardId, result.CardId);
        Assert.Equal(expires, result.ExpiresAt);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), expires);
        Assert.StartsWith("EHC1.k1.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTheExpiry_WhenEncoded_ThenItIsChinaStandardTimeToTheSecond()
    {
        var (_, expires) = Issuer().Create(CardId);
        Assert.Equal(TimeSpan.FromHours(8), expires.Offset);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 1, 0), expires.DateTime);
    }

    [Fact]
    public void GivenTwoCodesForOneCard_WhenCreated_ThenTheyDiffer() =>
        Assert.NotEqual(Issuer().Create(CardId).Text, Issuer().Create(CardId).Text);

    [Fact]
    public void GivenACodePastExpiryPlusSkew_WhenVerified_ThenExpired()
    {
        var (text, _) = Issuer().Create(CardId);
        _time.Advance(TimeSpan.FromSeconds(60 + 30 + 1));

        var result = Verifier().Verify(text);

        Assert.Equal(QrVerificationResult.Expired, result.Result);
        Assert.Equal(CardId, result.CardId);
    }

    [Fact]
    public void GivenACodeWithinTheSkew_WhenVerified_ThenStillValid()
    {
        var (text, _) = Issuer().Create(CardId);
        _time.Advance(TimeSpan.FromSeconds(60 + 29));
        Assert.Equal(QrVerificationResult.Valid, Verifier().Verify(text).Result);
    }

    [Fact]
    public void GivenAShorterConfiguredValidity_WhenTimePasses_ThenTheCodeExpiresSooner()
    {
        var issuer = new QrCodeIssuer(Ring(), "k1", TimeSpan.FromSeconds(10), _time);
        var (text, _) = issuer.Create(CardId);
        _time.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(QrVerificationResult.Expired, Verifier().Verify(text).Result);
    }

    [Fact]
    public void GivenEveryByteOfTheBodyFlipped_WhenVerified_ThenEachIsTampered()
    {
        var (text, _) = Issuer().Create(CardId);
        var body = Base64Url.DecodeFromChars(text.Split('.')[2]);
        var verifier = Verifier();
        for (var i = 0; i < body.Length; i++)
        {
            var copy = body.ToArray();
            copy[i] ^= 0x01;
            var tampered = "EHC1.k1." + Base64Url.EncodeToString(copy);
            Assert.Equal(QrVerificationResult.Tampered, verifier.Verify(tampered).Result);
        }
    }

    [Fact]
    public void GivenTheKeyIdSwappedToAnotherHeldKey_WhenVerified_ThenTampered()
    {
        var (text, _) = Issuer().Create(CardId);
        Assert.Equal(QrVerificationResult.Tampered, Verifier().Verify(text.Replace("EHC1.k1.", "EHC1.k2.", StringComparison.Ordinal)).Result);
    }

    [Fact]
    public void GivenATerminalWithADifferentKeyUnderTheSameId_WhenVerified_ThenTampered()
    {
        var (text, _) = Issuer().Create(CardId);
        var wrongKeys = new ProtectionKeyRing(new Dictionary<string, SecretKey> { ["k1"] = s_key2 });
        var verifier = new QrCodeVerifier(wrongKeys, CardStatusList.Empty, _time, TimeSpan.FromSeconds(30));
        Assert.Equal(QrVerificationResult.Tampered, verifier.Verify(text).Result);
    }

    [Fact]
    public void GivenACodeUnderAKeyTheTerminalLacks_WhenVerified_ThenUnknownKey()
    {
        var (text, _) = new QrCodeIssuer(Ring(), "k2", TimeSpan.FromSeconds(60), _time).Create(CardId);
        var onlyK1 = new ProtectionKeyRing(new Dictionary<string, SecretKey> { ["k1"] = s_key1 });
        var result = new QrCodeVerifier(onlyK1, CardStatusList.Empty, _time, TimeSpan.Zero).Verify(text);
        Assert.Equal(QrVerificationResult.UnknownKey, result.Result);
        Assert.Null(result.CardId);
    }

    [Theory]
    [InlineData(HealthCardStatus.Revoked, QrVerificationResult.Revoked)]
    [InlineData(HealthCardStatus.Suspended, QrVerificationResult.Suspended)]
    [InlineData(HealthCardStatus.Normal, QrVerificationResult.Valid)]
    public void GivenACardStatusOnTheTerminalsList_WhenVerified_ThenTheStatusDecides(HealthCardStatus status, QrVerificationResult expected)
    {
        var (text, _) = Issuer().Create(CardId);
        var statuses = new CardStatusList(new Dictionary<string, HealthCardStatus> { [CardId] = status });
        Assert.Equal(expected, new QrCodeVerifier(Ring(), statuses, _time, TimeSpan.Zero).Verify(text).Result);
    }

    [Theory]
    [InlineData("")]
    [InlineData("hello")]
    [InlineData("EHC2.k1.AAAA")]
    [InlineData("EHC1.k1")]
    [InlineData("EHC1.k1.AAAA.BBBB")]
    [InlineData("EHC1.k 1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("EHC1.k1.!!!!")]
    [InlineData("EHC1.k1.AAAAAAAAAAAA")]
    public void GivenSomethingThatIsNotAHealthCardCode_WhenVerified_ThenMalformed(string text) =>
        Assert.Equal(QrVerificationResult.Malformed, Verifier().Verify(text).Result);

    [Fact]
    public void GivenAnActiveKeyIdThatIsNotConfigured_WhenCreatingTheIssuer_ThenRefused() =>
        Assert.Throws<ArgumentException>(() => new QrCodeIssuer(Ring(), "k9", TimeSpan.FromSeconds(60), _time));

    [Fact]
    public void GivenOptions_WhenIssuerAndRingAreBuilt_ThenCodesVerify()
    {
        var options = new HealthCardOptions
        {
            RootKey = "00112233445566778899AABBCCDDEEFF",
            ProtectionKeys = new() { ["2026-11"] = "0123456789ABCDEFFEDCBA9876543210" },
            ActiveProtectionKeyId = "2026-11",
            QrValiditySeconds = 120,
        };
        var (text, expires) = QrCodeIssuer.FromOptions(options, _time).Create(CardId);
        var result = new QrCodeVerifier(ProtectionKeyRing.FromOptions(options), CardStatusList.Empty, _time, TimeSpan.Zero).Verify(text);
        Assert.Equal(QrVerificationResult.Valid, result.Result);
        Assert.Equal(_time.GetUtcNow().AddSeconds(120), expires);
    }

    [Fact]
    public void GivenABadKeyIdInConfiguration_WhenTheRingIsBuilt_ThenRefused() =>
        Assert.Throws<ArgumentException>(() => new ProtectionKeyRing(new Dictionary<string, SecretKey> { ["bad id"] = s_key1 }));

    private static ProtectionKeyRing Ring() => new(new Dictionary<string, SecretKey> { ["k1"] = s_key1, ["k2"] = s_key2 });

    private QrCodeIssuer Issuer() => new(Ring(), "k1", TimeSpan.FromSeconds(60), _time);

    private QrCodeVerifier Verifier() => new(Ring(), CardStatusList.Empty, _time, TimeSpan.FromSeconds(30));
}
