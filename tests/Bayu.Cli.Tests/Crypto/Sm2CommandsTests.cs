using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Tests.Crypto;

public sealed class Sm2CommandsTests : CliHarness
{
    [Fact]
    public void GivenAKeyPairFromKeygen_WhenSignedByBayu_ThenOpenSslAndBayuVerifyAndATamperedFileFails()
    {
        var message = Write("msg.txt", "e-prescription 2026-0001");
        Assert.Equal(CliRunner.Ok, Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem")).Code);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf("key.pem")));
        }

        Assert.Equal(CliRunner.Ok, Run("crypto", "sm2", "sign", "--key", PathOf("key.pem"), "--id", "doctor-7", message, "--out", PathOf("sig")).Code);

        var (sslCode, sslOut) = OpenSsl("pkeyutl", "-verify", "-rawin", "-digest", "sm3", "-pubin", "-inkey", PathOf("pub.pem"),
            "-in", message, "-sigfile", PathOf("sig"), "-pkeyopt", "distid:doctor-7");
        Assert.True(sslCode == 0, sslOut);

        var ok = Run("crypto", "sm2", "verify", "--pubkey", PathOf("pub.pem"), "--sig", PathOf("sig"), "--id", "doctor-7", message);
        Assert.Equal(CliRunner.Ok, ok.Code);
        Assert.Contains("Signature OK", ok.Stdout, StringComparison.Ordinal);

        var wrongId = Run("crypto", "sm2", "verify", "--pubkey", PathOf("pub.pem"), "--sig", PathOf("sig"), message);
        Assert.Equal(CliRunner.Problems, wrongId.Code);

        Write("msg.txt", "e-prescription 2026-0002");
        var tampered = Run("crypto", "sm2", "verify", "--pubkey", PathOf("pub.pem"), "--sig", PathOf("sig"), "--id", "doctor-7", message);
        Assert.Equal(CliRunner.Problems, tampered.Code);
        Assert.Contains("Signature INVALID", tampered.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnOpenSslSignature_WhenBayuVerifiesWithTheDefaultId_ThenValid()
    {
        var message = Write("msg.txt", "referral");
        OpenSsl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", PathOf("key.pem"));
        OpenSsl("pkey", "-in", PathOf("key.pem"), "-pubout", "-out", PathOf("pub.pem"));
        OpenSsl("pkeyutl", "-sign", "-rawin", "-digest", "sm3", "-inkey", PathOf("key.pem"), "-in", message, "-out", PathOf("sig"), "-pkeyopt", "distid:1234567812345678");

        Assert.Equal(CliRunner.Ok, Run("crypto", "sm2", "verify", "--pubkey", PathOf("pub.pem"), "--sig", PathOf("sig"), message).Code);
    }

    [Fact]
    public void GivenOpenSslEncryption_WhenBayuDecrypts_ThenTheOriginalComesBackAndTheReverseToo()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem"));
        var plain = Write("plain", "wrapped data key");
        OpenSsl("pkeyutl", "-encrypt", "-pubin", "-inkey", PathOf("pub.pem"), "-in", plain, "-out", PathOf("ct"));

        Assert.Equal(CliRunner.Ok, Run("crypto", "sm2", "decrypt", "--key", PathOf("key.pem"), PathOf("ct"), PathOf("back")).Code);
        Assert.Equal("wrapped data key", File.ReadAllText(PathOf("back")));

        Assert.Equal(CliRunner.Ok, Run("crypto", "sm2", "encrypt", "--pubkey", PathOf("pub.pem"), plain, PathOf("ct2")).Code);
        var (sslCode, sslOut) = OpenSsl("pkeyutl", "-decrypt", "-inkey", PathOf("key.pem"), "-in", PathOf("ct2"), "-out", PathOf("back2"));
        Assert.True(sslCode == 0, sslOut);
        Assert.Equal("wrapped data key", File.ReadAllText(PathOf("back2")));
    }

    [Fact]
    public void GivenATruncatedPem_WhenSigning_ThenExit2NamingTheKeyFile()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"));
        var pem = File.ReadAllText(PathOf("key.pem"));
        Write("cut.pem", pem[..(pem.Length / 2)]);
        var message = Write("msg", "m");

        AssertBadInput(Run("crypto", "sm2", "sign", "--key", PathOf("cut.pem"), message, "--out", PathOf("sig")), "cut.pem");
    }

    [Fact]
    public void GivenAPublicKeyWhereAPrivateKeyBelongs_WhenSigning_ThenExit2()
    {
        Run("crypto", "sm2", "keygen", "--out", PathOf("key.pem"), "--pubout", PathOf("pub.pem"));
        AssertBadInput(Run("crypto", "sm2", "sign", "--key", PathOf("pub.pem"), PathOf("pub.pem"), "--out", PathOf("sig")), "PRIVATE KEY");
    }

    [Fact]
    public void GivenAMissingSignatureOption_WhenVerifying_ThenExit2() =>
        AssertBadInput(Run("crypto", "sm2", "verify", "--pubkey", PathOf("pub.pem"), PathOf("msg")), "--sig");
}
