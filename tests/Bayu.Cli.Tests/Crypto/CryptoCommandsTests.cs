using System.Security.Cryptography;
using Bayu.Cli.Infrastructure;

namespace Bayu.Cli.Tests.Crypto;

public sealed class CryptoCommandsTests : CliHarness
{
    private const string Key = "0123456789ABCDEFFEDCBA9876543210";
    private const string Iv = "000102030405060708090A0B0C0D0E0F";

    [Fact]
    public void GivenTwoFiles_WhenSm3IsRun_ThenSha256sumStyleLinesWithTheStandardDigest()
    {
        var abc = Write("abc.txt", "abc");
        var empty = Write("empty.txt", "");

        var (code, stdout, _) = Run("crypto", "sm3", abc, empty);

        var lines = stdout.TrimEnd().Split('\n');
        Assert.Equal(CliRunner.Ok, code);
        Assert.Equal($"66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0  {abc}", lines[0]);
        Assert.Equal($"1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b  {empty}", lines[1]);
    }

    [Fact]
    public void GivenAMissingFile_WhenSm3IsRun_ThenBadInput() =>
        AssertBadInput(Run("crypto", "sm3", PathOf("nope")), "nope");

    [Theory]
    [InlineData("ecb", null)]
    [InlineData("cbc", Iv)]
    public void GivenAFileEncryptedByBayu_WhenOpenSslDecrypts_ThenTheOriginalComesBack(string mode, string? iv)
    {
        var plain = Write("plain", RandomNumberGenerator.GetBytes(1000));
        string[] ivArgs = iv is null ? [] : ["--iv", iv];

        var (code, _, _) = Run(["crypto", "sm4", "encrypt", "--mode", mode, "--key", Key, .. ivArgs, plain, PathOf("ct")]);
        var (sslCode, sslOut) = OpenSsl(["enc", "-d", "-sm4-" + mode, "-K", Key, .. (iv is null ? Array.Empty<string>() : ["-iv", iv]), "-in", PathOf("ct"), "-out", PathOf("back")]);

        Assert.Equal(CliRunner.Ok, code);
        Assert.True(sslCode == 0, sslOut);
        Assert.Equal(File.ReadAllBytes(plain), File.ReadAllBytes(PathOf("back")));
    }

    [Fact]
    public void GivenAFileEncryptedByOpenSsl_WhenBayuDecryptsCbc_ThenTheOriginalComesBack()
    {
        var plain = Write("plain", "the patient's allergy list");
        OpenSsl("enc", "-e", "-sm4-cbc", "-K", Key, "-iv", Iv, "-in", plain, "-out", PathOf("ct"));

        var (code, _, _) = Run("crypto", "sm4", "decrypt", "--mode", "cbc", "--key", Key, "--iv", Iv, PathOf("ct"), PathOf("back"));

        Assert.Equal(CliRunner.Ok, code);
        Assert.Equal("the patient's allergy list", File.ReadAllText(PathOf("back")));
    }

    [Fact]
    public void GivenGcm_WhenEncryptedThenDecrypted_ThenRoundTripsAndATamperedFileIsRefusedWithExit1()
    {
        var plain = Write("plain", "lab result");
        const string nonce = "00112233445566778899AABB";
        Assert.Equal(CliRunner.Ok, Run("crypto", "sm4", "encrypt", "--mode", "gcm", "--key", Key, "--iv", nonce, plain, PathOf("ct")).Code);
        Assert.Equal("lab result".Length + 16, new FileInfo(PathOf("ct")).Length);
        Assert.Equal(CliRunner.Ok, Run("crypto", "sm4", "decrypt", "--mode", "gcm", "--key", Key, "--iv", nonce, PathOf("ct"), PathOf("back")).Code);
        Assert.Equal("lab result", File.ReadAllText(PathOf("back")));

        var bytes = File.ReadAllBytes(PathOf("ct"));
        bytes[0] ^= 1;
        Write("ct", bytes);
        var (code, _, stderr) = Run("crypto", "sm4", "decrypt", "--mode", "gcm", "--key", Key, "--iv", nonce, PathOf("ct"), PathOf("back2"));
        Assert.Equal(CliRunner.Problems, code);
        Assert.Contains("authentication tag", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("back2")));
    }

    [Theory]
    [InlineData("cbc", "0123", Iv, "--key must be 32 hex digits")]
    [InlineData("cbc", "ZZ23456789ABCDEFFEDCBA9876543210", Iv, "--key is not hexadecimal")]
    [InlineData("cbc", Key, null, "--iv")]
    [InlineData("cbc", Key, "0001", "--iv (CBC IV) must be 32 hex digits")]
    [InlineData("gcm", Key, Iv, "--iv (GCM nonce) must be 24 hex digits")]
    [InlineData("ecb", Key, Iv, "not used with --mode ecb")]
    [InlineData("ctr", Key, Iv, "ctr")]
    public void GivenBadKeyIvOrMode_WhenSm4IsRun_ThenExit2WithAClearMessage(string mode, string key, string? iv, string expected)
    {
        var plain = Write("plain", "x");
        string[] ivArgs = iv is null ? [] : ["--iv", iv];
        AssertBadInput(Run(["crypto", "sm4", "encrypt", "--mode", mode, "--key", key, .. ivArgs, plain, PathOf("ct")]), expected);
    }

    [Fact]
    public void GivenABadKey_WhenRefused_ThenTheKeyIsNotEchoed()
    {
        var plain = Write("plain", "x");
        var (_, _, stderr) = Run("crypto", "sm4", "encrypt", "--mode", "ecb", "--key", "SECRETSECRETSECRETSECRETSECRET00", plain, PathOf("ct"));
        Assert.DoesNotContain("SECRET", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenCbcCiphertextWithTheWrongKey_WhenDecrypted_ThenRefusedOrNotTheOriginal()
    {
        var plain = Write("plain", "confidential");
        Run("crypto", "sm4", "encrypt", "--mode", "cbc", "--key", Key, "--iv", Iv, plain, PathOf("ct"));
        var (code, _, _) = Run("crypto", "sm4", "decrypt", "--mode", "cbc", "--key", "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "--iv", Iv, PathOf("ct"), PathOf("back"));
        Assert.True(code == CliRunner.Problems || File.ReadAllText(PathOf("back")) != "confidential");
    }
}
