using Bayu.Crypto.HealthCard;

namespace Bayu.Crypto.Tests.HealthCard;

public class HealthCardIssuerTests
{
    private static readonly SecretKey s_root = SecretKey.FromHex("00112233445566778899AABBCCDDEEFF", "RootKey");
    private static readonly IdentityDocument s_resident = IdentityDocument.Create("01", "11010519491231002x");
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void GivenAResident_WhenIssued_ThenCardIsNormalWithHexIdsAndTheDocumentRoundTrips()
    {
        var issuer = new HealthCardIssuer(s_root);

        var card = issuer.Issue(s_resident, HealthCardType.Formal, s_now);

        Assert.Equal(HealthCardStatus.Normal, card.Status);
        Assert.Equal(64, card.MasterIndexId.Length);
        Assert.Equal(64, card.CardId.Length); // "01" + 18 characters = 20 bytes, padded to two SM4 blocks
        Assert.Equal("0111010519491231002X", issuer.RecoverDocument(card.MasterIndexId, card.CardId));
    }

    [Fact]
    public void GivenTheSameResidentTwice_WhenIssued_ThenIdsAreStable()
    {
        var first = new HealthCardIssuer(s_root).Issue(s_resident, HealthCardType.Temporary, s_now);
        var second = new HealthCardIssuer(s_root).Issue(IdentityDocument.Create("01", " 11010519491231002X "), HealthCardType.Formal, s_now);
        Assert.Equal(first.MasterIndexId, second.MasterIndexId);
        Assert.Equal(first.CardId, second.CardId);
    }

    [Fact]
    public void GivenDifferentResidentsOrRootKeys_WhenIssued_ThenIdsDiffer()
    {
        var issuer = new HealthCardIssuer(s_root);
        var other = IdentityDocument.Create("01", "440524188001010014");
        var otherRoot = new HealthCardIssuer(SecretKey.FromHex("FFEEDDCCBBAA99887766554433221100", "RootKey"));

        Assert.NotEqual(issuer.CardId(s_resident), issuer.CardId(other));
        Assert.NotEqual(issuer.MasterIndexId(s_resident), issuer.MasterIndexId(other));
        Assert.NotEqual(issuer.CardId(s_resident), otherRoot.CardId(s_resident));
        Assert.NotEqual(issuer.MasterIndexId(s_resident), otherRoot.MasterIndexId(s_resident));
    }

    [Fact]
    public void GivenTheSameNumberUnderAnotherDocumentType_WhenIssued_ThenIdsDiffer()
    {
        var issuer = new HealthCardIssuer(s_root);
        Assert.NotEqual(issuer.CardId(IdentityDocument.Create("03", "E12345678")), issuer.CardId(IdentityDocument.Create("99", "E12345678")));
    }

    [Fact]
    public void GivenAnotherResidentsIndex_WhenRecoveringACardId_ThenRefusedOrGarbage()
    {
        var issuer = new HealthCardIssuer(s_root);
        var card = issuer.Issue(s_resident, HealthCardType.Formal, s_now);
        var otherIndex = issuer.MasterIndexId(IdentityDocument.Create("01", "440524188001010014"));
        try
        {
            Assert.NotEqual("0111010519491231002X", issuer.RecoverDocument(otherIndex, card.CardId));
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Usual outcome: the padding does not check under the wrong per-resident key.
        }
    }

    [Theory]
    [InlineData("01", "11010519491231002Y")] // wrong check character
    [InlineData("01", "1101051949123100")] // too short
    [InlineData("01", "110105194913310024")] // month 13
    [InlineData("1", "E12345678")]
    [InlineData("AB", "E12345678")]
    [InlineData("03", "")]
    [InlineData("03", "A|B")]
    public void GivenAnInvalidDocument_WhenCreated_ThenRefused(string type, string number) =>
        Assert.Throws<ArgumentException>(() => IdentityDocument.Create(type, number));

    // The card's former check passed these (correct check character, parseable date); the
    // cn-patient profile refuses them, and the card now runs the same check.
    [Theory]
    [InlineData("110105299901010014", "birth date")] // born in 2999
    [InlineData("110105184912310012", "birth date")] // born before 1850
    [InlineData("990105194912310023", "province")] // no province 99
    public void GivenANumberTheProfileRefuses_WhenCreated_ThenRefusedWithoutEchoingTheNumber(string number, string reason)
    {
        var ex = Assert.Throws<ArgumentException>(() => IdentityDocument.Create("01", number));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(number[6..14], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenABirthDateLaterThisYear_WhenCreatedBeforeAndAfterIt_ThenTodayDecides()
    {
        Assert.Throws<ArgumentException>(() => IdentityDocument.Create("01", "11010520251231001X", new DateOnly(2025, 6, 1)));
        Assert.Equal("11010520251231001X", IdentityDocument.Create("01", "11010520251231001x", new DateOnly(2026, 1, 1)).Number);
    }

    [Fact]
    public void GivenADocument_WhenPrinted_ThenTheNumberIsMasked() =>
        Assert.DoesNotContain("19491231", s_resident.ToString(), StringComparison.Ordinal);

    [Theory]
    [InlineData("")]
    [InlineData("0011")]
    [InlineData("zz112233445566778899AABBCCDDEEFF")]
    [InlineData("00112233445566778899AABBCCDDEEFF00")]
    public void GivenABadKeySetting_WhenParsed_ThenTheErrorNamesTheSettingNotTheValue(string hex)
    {
        var ex = Assert.ThrowsAny<Exception>(() => SecretKey.FromHex(hex, "Bayu:HealthCard:RootKey"));
        Assert.True(ex is ArgumentException or FormatException);
        Assert.Contains("Bayu:HealthCard:RootKey", ex.Message, StringComparison.Ordinal);
        if (hex.Length > 4)
        {
            Assert.DoesNotContain(hex, ex.Message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void GivenAKey_WhenPrinted_ThenRedacted() =>
        Assert.Equal("SecretKey(redacted)", s_root.ToString());

    [Fact]
    public void GivenANormalCard_WhenSuspendedResumedAndRevoked_ThenTransitionsFollowTheRules()
    {
        var card = new HealthCardIssuer(s_root).Issue(s_resident, HealthCardType.Temporary, s_now);

        var suspended = card.Suspend();
        Assert.Equal(HealthCardStatus.Suspended, suspended.Status);
        Assert.Throws<InvalidOperationException>(() => suspended.Suspend());
        Assert.Equal(HealthCardStatus.Normal, suspended.Resume().Status);
        Assert.Throws<InvalidOperationException>(() => card.Resume());

        var formal = card.MakeFormal();
        Assert.Equal(HealthCardType.Formal, formal.Type);
        Assert.Equal(card.CardId, formal.CardId);
        Assert.Throws<InvalidOperationException>(() => formal.MakeFormal());

        var revoked = suspended.Revoke();
        Assert.Equal(HealthCardStatus.Revoked, revoked.Status);
        Assert.Throws<InvalidOperationException>(() => revoked.Revoke());
        Assert.Throws<InvalidOperationException>(() => revoked.Resume());
    }
}
