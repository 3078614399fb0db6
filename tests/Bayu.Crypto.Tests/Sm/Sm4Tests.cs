using System.Security.Cryptography;
using Bayu.Crypto.Sm;
using Bayu.Crypto.Tests.Support;

namespace Bayu.Crypto.Tests.Sm;

public class Sm4Tests
{
    private static readonly byte[] s_standardKey = Convert.FromHexString("0123456789ABCDEFFEDCBA9876543210");

    [Fact]
    public void GivenTheGbT32907Example_WhenOneBlockIsEncrypted_ThenMatchesTheStandard()
    {
        var output = new byte[16];
        Sm4.CreateBlockEncryptor(s_standardKey).EncryptBlock(s_standardKey, output);
        Assert.Equal("681EDF34D206965E86B3E94F536E4246", Convert.ToHexString(output));
    }

    [Fact]
    public void GivenTheGbT32907Example_WhenEncryptedAMillionTimes_ThenMatchesTheStandard()
    {
        var block = s_standardKey.ToArray();
        var sm4 = Sm4.CreateBlockEncryptor(s_standardKey);
        for (var i = 0; i < 1_000_000; i++)
        {
            sm4.EncryptBlock(block, block);
        }
        Assert.Equal("595298C7C6FD271F0402F804C33D3F66", Convert.ToHexString(block));
    }

    [Fact]
    public void GivenTheRfc8998Vector_WhenGcmEncrypts_ThenCiphertextAndTagMatch()
    {
        var nonce = Convert.FromHexString("00001234567800000000ABCD");
        var aad = Convert.FromHexString("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2");
        var plaintext = Convert.FromHexString(
            "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");

        var sealedBytes = Sm4.EncryptGcm(s_standardKey, nonce, plaintext, aad);

        Assert.Equal(
            "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
            + "83DE3541E4C2B58177E065A9BF7B62EC",
            Convert.ToHexString(sealedBytes));
        Assert.Equal(plaintext, Sm4.DecryptGcm(s_standardKey, nonce, sealedBytes, aad));
    }

    [Fact]
    public void GivenATamperedGcmCiphertext_WhenDecrypted_ThenRefused()
    {
        var nonce = new byte[12];
        var sealedBytes = Sm4.EncryptGcm(s_standardKey, nonce, "hello"u8, []);
        sealedBytes[2] ^= 1;
        Assert.Throws<CryptographicException>(() => Sm4.DecryptGcm(s_standardKey, nonce, sealedBytes, []));
    }

    [Fact]
    public void GivenGcmWithDifferentAssociatedData_WhenDecrypted_ThenRefused()
    {
        var nonce = new byte[12];
        var sealedBytes = Sm4.EncryptGcm(s_standardKey, nonce, "hello"u8, "a"u8);
        Assert.Throws<CryptographicException>(() => Sm4.DecryptGcm(s_standardKey, nonce, sealedBytes, "b"u8));
    }

    [Theory]
    [InlineData("ecb", 0)]
    [InlineData("cbc", 0)]
    [InlineData("ecb", 16)]
    [InlineData("cbc", 33)]
    [InlineData("cbc", 4097)]
    public void GivenBayuCiphertext_WhenOpenSslDecrypts_ThenPlaintextIsRecovered(string mode, int length)
    {
        using var dir = new TempDir();
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = mode == "cbc" ? RandomNumberGenerator.GetBytes(16) : [];
        var plaintext = RandomNumberGenerator.GetBytes(length);
        File.WriteAllBytes(dir.File("ct"), Sm4.Encrypt(Parse(mode), key, iv, plaintext));

        OpenSsl.Ok([.. OpenSslEnc(mode, key, iv), "-d", "-in", dir.File("ct"), "-out", dir.File("pt")]);

        Assert.Equal(plaintext, File.ReadAllBytes(dir.File("pt")));
    }

    [Theory]
    [InlineData("ecb", 5)]
    [InlineData("cbc", 32)]
    [InlineData("cbc", 1000)]
    public void GivenOpenSslCiphertext_WhenBayuDecrypts_ThenPlaintextIsRecovered(string mode, int length)
    {
        using var dir = new TempDir();
        var key = RandomNumberGenerator.GetBytes(16);
        var iv = mode == "cbc" ? RandomNumberGenerator.GetBytes(16) : [];
        var plaintext = RandomNumberGenerator.GetBytes(length);
        File.WriteAllBytes(dir.File("pt"), plaintext);

        OpenSsl.Ok([.. OpenSslEnc(mode, key, iv), "-e", "-in", dir.File("pt"), "-out", dir.File("ct")]);

        Assert.Equal(plaintext, Sm4.Decrypt(Parse(mode), key, iv, File.ReadAllBytes(dir.File("ct"))));
    }

    [Fact]
    public void GivenAShortKey_WhenEncrypting_ThenTheErrorNamesTheRequiredLength()
    {
        var ex = Assert.Throws<ArgumentException>(() => Sm4.EncryptCbc(new byte[15], new byte[16], "x"u8));
        Assert.Contains("16 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAWrongIvLength_WhenEncryptingCbc_ThenRefused() =>
        Assert.Throws<ArgumentException>(() => Sm4.EncryptCbc(s_standardKey, new byte[8], "x"u8));

    [Fact]
    public void GivenAnIvForEcb_WhenEncrypting_ThenRefused() =>
        Assert.Throws<ArgumentException>(() => Sm4.Encrypt(Sm4Mode.Ecb, s_standardKey, new byte[16], "x"u8));

    [Fact]
    public void GivenAWrongNonceLength_WhenEncryptingGcm_ThenRefused() =>
        Assert.Throws<ArgumentException>(() => Sm4.EncryptGcm(s_standardKey, new byte[16], "x"u8, []));

    [Fact]
    public void GivenTheWrongKey_WhenDecryptingCbc_ThenPaddingCheckRefusesOrPlaintextDiffers()
    {
        var iv = new byte[16];
        var ciphertext = Sm4.EncryptCbc(s_standardKey, iv, "medical record"u8);
        var other = RandomNumberGenerator.GetBytes(16);
        try
        {
            Assert.NotEqual("medical record"u8.ToArray(), Sm4.DecryptCbc(other, iv, ciphertext));
        }
        catch (CryptographicException)
        {
            // The usual outcome: the padding does not check.
        }
    }

    [Fact]
    public void GivenCiphertextNotAMultipleOfTheBlock_WhenDecrypting_ThenRefused() =>
        Assert.Throws<CryptographicException>(() => Sm4.DecryptEcb(s_standardKey, new byte[17]));

    private static Sm4Mode Parse(string mode) => mode == "ecb" ? Sm4Mode.Ecb : Sm4Mode.Cbc;

    private static string[] OpenSslEnc(string mode, byte[] key, byte[] iv) => mode == "ecb"
        ? ["enc", "-sm4-ecb", "-K", Convert.ToHexString(key)]
        : ["enc", "-sm4-cbc", "-K", Convert.ToHexString(key), "-iv", Convert.ToHexString(iv)];
}
