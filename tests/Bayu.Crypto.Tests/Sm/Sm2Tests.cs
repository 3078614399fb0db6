using System.Security.Cryptography;
using Bayu.Crypto.Sm;
using Bayu.Crypto.Tests.Support;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Security;

namespace Bayu.Crypto.Tests.Sm;

public class Sm2Tests
{
    // GB/T 32918.5-2017 / GM/T 0003.5-2012 example on the recommended curve sm2p256v1. Some copies
    // circulate s ending in ...BBE1AA; the nonce reproduces r exactly and gives ...BBC1AA.
    private const string ExampleD = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
    private const string ExamplePublicX = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
    private const string ExamplePublicY = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
    private const string ExampleK = "59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21";
    private const string ExampleR = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
    private const string ExampleS = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

    [Fact]
    public void GivenTheStandardPrivateKey_WhenItsPublicKeyIsDerived_ThenMatchesTheStandard()
    {
        var key = Sm2PrivateKey.FromScalar(Convert.FromHexString(ExampleD));
        Assert.Equal("04" + ExamplePublicX + ExamplePublicY, Convert.ToHexString(key.PublicKey.Encoded));
    }

    [Fact]
    public void GivenTheStandardKeyAndNonce_WhenSigning_ThenRAndSMatchTheStandard()
    {
        var key = Sm2PrivateKey.FromScalar(Convert.FromHexString(ExampleD));

        var der = Sm2.Sign(key, "message digest"u8, Sm2.DefaultId, new FixedRandom(Convert.FromHexString(ExampleK)));

        var sequence = Asn1Sequence.GetInstance(der);
        Assert.Equal(ExampleR, DerInteger.GetInstance(sequence[0]).PositiveValue.ToString(16).ToUpperInvariant());
        Assert.Equal(ExampleS, DerInteger.GetInstance(sequence[1]).PositiveValue.ToString(16).ToUpperInvariant());
    }

    [Fact]
    public void GivenTheStandardSignature_WhenVerified_ThenAcceptedAndRejectedForAnyOtherMessageOrId()
    {
        var publicKey = Sm2PublicKey.FromPoint(Convert.FromHexString("04" + ExamplePublicX + ExamplePublicY));
        var der = new DerSequence(
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(ExampleR, 16)),
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(ExampleS, 16))).GetDerEncoded();

        Assert.True(publicKey.Verify("message digest"u8, der));
        Assert.False(publicKey.Verify("message digesT"u8, der));
        Assert.False(publicKey.Verify("message digest"u8, der, "ALICE123@YAHOO.COM"));
    }

    [Fact]
    public void GivenAGeneratedKey_WhenSignedWithACustomId_ThenOnlyThatIdVerifies()
    {
        var pair = Sm2KeyPair.Generate();
        var signature = pair.PrivateKey.Sign("prescription 7"u8, "hospital-0571");
        Assert.True(pair.PublicKey.Verify("prescription 7"u8, signature, "hospital-0571"));
        Assert.False(pair.PublicKey.Verify("prescription 7"u8, signature));
        Assert.False(Sm2KeyPair.Generate().PublicKey.Verify("prescription 7"u8, signature, "hospital-0571"));
    }

    [Fact]
    public void GivenGarbageAsSignature_WhenVerified_ThenFalseNotAnException() =>
        Assert.False(Sm2KeyPair.Generate().PublicKey.Verify("m"u8, [0x30, 0x03, 0x02, 0x01]));

    [Theory]
    [InlineData(Sm2.DefaultId)]
    [InlineData("doctor-110105")]
    public void GivenABayuSignature_WhenOpenSslVerifies_ThenAccepted(string id)
    {
        using var dir = new TempDir();
        var pair = Sm2KeyPair.Generate();
        File.WriteAllText(dir.File("pub.pem"), pair.PublicKey.ToPem());
        File.WriteAllText(dir.File("msg"), "referral 2026-11-23");
        File.WriteAllBytes(dir.File("sig"), pair.PrivateKey.Sign(File.ReadAllBytes(dir.File("msg")), id));

        var output = OpenSsl.Ok("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", dir.File("pub.pem"),
            "-in", dir.File("msg"), "-sigfile", dir.File("sig"), "-pkeyopt", "distid:" + id);

        Assert.Contains("Signature Verified Successfully", output, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenABayuSignatureWithAnotherId_WhenOpenSslVerifiesWithTheDefault_ThenRejected()
    {
        using var dir = new TempDir();
        var pair = Sm2KeyPair.Generate();
        File.WriteAllText(dir.File("pub.pem"), pair.PublicKey.ToPem());
        File.WriteAllText(dir.File("msg"), "m");
        File.WriteAllBytes(dir.File("sig"), pair.PrivateKey.Sign("m"u8, "someone-else"));

        var (code, _, _) = OpenSsl.Run("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", dir.File("pub.pem"),
            "-in", dir.File("msg"), "-sigfile", dir.File("sig"), "-pkeyopt", "distid:" + Sm2.DefaultId);

        Assert.NotEqual(0, code);
    }

    [Theory]
    [InlineData(Sm2.DefaultId)]
    [InlineData("pharmacy-9")]
    public void GivenAnOpenSslKeyAndSignature_WhenBayuVerifies_ThenAccepted(string id)
    {
        using var dir = new TempDir();
        OpenSsl.Ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", dir.File("key.pem"));
        OpenSsl.Ok("pkey", "-in", dir.File("key.pem"), "-pubout", "-out", dir.File("pub.pem"));
        File.WriteAllText(dir.File("msg"), "dispense 12");
        OpenSsl.Ok("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", dir.File("key.pem"),
            "-in", dir.File("msg"), "-out", dir.File("sig"), "-pkeyopt", "distid:" + id);

        var publicKey = Sm2PublicKey.FromPem(File.ReadAllText(dir.File("pub.pem")));
        var privateKey = Sm2PrivateKey.FromPem(File.ReadAllText(dir.File("key.pem")));

        Assert.True(publicKey.Verify(File.ReadAllBytes(dir.File("msg")), File.ReadAllBytes(dir.File("sig")), id));
        Assert.True(privateKey.PublicKey.SameAs(publicKey));
    }

    [Fact]
    public void GivenBayuEncryption_WhenOpenSslDecrypts_ThenPlaintextIsRecovered()
    {
        using var dir = new TempDir();
        var pair = Sm2KeyPair.Generate();
        File.WriteAllText(dir.File("key.pem"), pair.PrivateKey.ToPem());
        File.WriteAllBytes(dir.File("ct"), Sm2Ciphertext.ToAsn1(pair.PublicKey.Encrypt("session key 0123"u8)));

        OpenSsl.Ok("pkeyutl", "-decrypt", "-inkey", dir.File("key.pem"), "-in", dir.File("ct"), "-out", dir.File("pt"));

        Assert.Equal("session key 0123"u8.ToArray(), File.ReadAllBytes(dir.File("pt")));
    }

    [Fact]
    public void GivenOpenSslEncryption_WhenBayuDecrypts_ThenPlaintextIsRecovered()
    {
        using var dir = new TempDir();
        var pair = Sm2KeyPair.Generate();
        File.WriteAllText(dir.File("pub.pem"), pair.PublicKey.ToPem());
        var plaintext = RandomNumberGenerator.GetBytes(100);
        File.WriteAllBytes(dir.File("pt"), plaintext);

        OpenSsl.Ok("pkeyutl", "-encrypt", "-pubin", "-inkey", dir.File("pub.pem"), "-in", dir.File("pt"), "-out", dir.File("ct"));

        var c1c3c2 = Sm2Ciphertext.FromAsn1(File.ReadAllBytes(dir.File("ct")));
        Assert.Equal(plaintext, pair.PrivateKey.Decrypt(c1c3c2));
        Assert.Equal(File.ReadAllBytes(dir.File("ct")), Sm2Ciphertext.ToAsn1(c1c3c2));
    }

    [Fact]
    public void GivenATamperedCiphertext_WhenDecrypted_ThenRefused()
    {
        var pair = Sm2KeyPair.Generate();
        var ciphertext = pair.PublicKey.Encrypt("x-ray"u8);
        ciphertext[^1] ^= 0x40;
        Assert.Throws<CryptographicException>(() => pair.PrivateKey.Decrypt(ciphertext));
    }

    [Fact]
    public void GivenAnotherKey_WhenDecrypting_ThenRefused()
    {
        var ciphertext = Sm2KeyPair.Generate().PublicKey.Encrypt("x-ray"u8);
        Assert.Throws<CryptographicException>(() => Sm2KeyPair.Generate().PrivateKey.Decrypt(ciphertext));
    }

    [Fact]
    public void GivenAKeyPair_WhenWrittenAndReadAsPem_ThenTheSameKeysComeBack()
    {
        var pair = Sm2KeyPair.Generate();
        var privateKey = Sm2PrivateKey.FromPem(pair.PrivateKey.ToPem());
        var publicKey = Sm2PublicKey.FromPem(pair.PublicKey.ToPem());
        Assert.True(publicKey.SameAs(pair.PublicKey));
        Assert.True(publicKey.Verify("m"u8, privateKey.Sign("m"u8)));
    }

    [Fact]
    public void GivenABayuPrivateKeyPem_WhenOpenSslReadsIt_ThenItIsAnSm2Key()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("key.pem"), Sm2KeyPair.Generate().PrivateKey.ToPem());
        var text = OpenSsl.Ok("pkey", "-in", dir.File("key.pem"), "-noout", "-text");
        Assert.Contains("SM2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenATruncatedPem_WhenRead_ThenAFormatErrorNamesTheProblem()
    {
        var pem = Sm2KeyPair.Generate().PrivateKey.ToPem();
        var lines = pem.Split('\n');
        var truncated = string.Join('\n', lines[0], lines[1][..40], lines[^2]);
        var ex = Assert.Throws<FormatException>(() => Sm2PrivateKey.FromPem(truncated));
        Assert.Contains("private key", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAPublicKeyPem_WhenReadAsPrivate_ThenRefused() =>
        Assert.Throws<FormatException>(() => Sm2PrivateKey.FromPem(Sm2KeyPair.Generate().PublicKey.ToPem()));

    [Fact]
    public void GivenAnNistP256Key_WhenReadAsSm2_ThenRefused()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var pem = ecdsa.ExportSubjectPublicKeyInfoPem();
        var ex = Assert.Throws<FormatException>(() => Sm2PublicKey.FromPem(pem));
        Assert.Contains("SM2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAPrivateKey_WhenPrinted_ThenTheKeyDoesNotAppear()
    {
        var key = Sm2PrivateKey.FromScalar(Convert.FromHexString(ExampleD));
        Assert.DoesNotContain("3945", key.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Hands out fixed bytes so the signature nonce k equals the standard's example value.</summary>
    private sealed class FixedRandom(byte[] value) : SecureRandom
    {
        public override void NextBytes(byte[] buf) => NextBytes(buf.AsSpan());

        public override void NextBytes(byte[] buf, int off, int len) => NextBytes(buf.AsSpan(off, len));

        public override void NextBytes(Span<byte> buffer) => value.AsSpan(0, buffer.Length).CopyTo(buffer);
    }
}
