using System.Text;
using Bayu.Crypto.Sm;
using Bayu.Crypto.Tests.Support;

namespace Bayu.Crypto.Tests.Sm;

public class Sm3Tests
{
    [Fact]
    public void GivenAbc_WhenHashed_ThenMatchesGbT32905ExampleOne() =>
        Assert.Equal("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0", Convert.ToHexString(Sm3.Hash("abc"u8)));

    [Fact]
    public void GivenThe64ByteMessage_WhenHashed_ThenMatchesGbT32905ExampleTwo()
    {
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)));
        Assert.Equal("DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732", Convert.ToHexString(Sm3.Hash(message)));
    }

    [Fact]
    public void GivenDataInPieces_WhenHashedIncrementally_ThenEqualsOneShotHash()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var hasher = Sm3.CreateHasher();
        hasher.Append(data.AsSpan(0, 333));
        hasher.Append(data.AsSpan(333));
        Assert.Equal(Sm3.Hash(data), hasher.GetHashAndReset());
        Assert.Equal(Sm3.Hash([]), hasher.GetHashAndReset());
    }

    [Fact]
    public void GivenAFile_WhenHashedByBayuAndOpenSsl_ThenDigestsAgree()
    {
        using var dir = new TempDir();
        var data = new byte[100_003];
        new Random(7).NextBytes(data);
        File.WriteAllBytes(dir.File("data"), data);

        var output = OpenSsl.Ok("dgst", "-sm3", "-r", dir.File("data"));

        Assert.Equal(Convert.ToHexString(Sm3.Hash(data)), output.Split(' ')[0].ToUpperInvariant());
    }

    [Fact]
    public void GivenAKey_WhenHmacSm3_ThenAgreesWithOpenSsl()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("data"), "audit event 42");

        var output = OpenSsl.Ok("dgst", "-sm3", "-hmac", "secret-key", "-r", dir.File("data"));

        Assert.Equal(Convert.ToHexString(Sm3.Hmac("secret-key"u8, "audit event 42"u8)), output.Split(' ')[0].ToUpperInvariant());
    }

    [Fact]
    public void GivenDifferentKeys_WhenHmacSm3_ThenTagsDiffer() =>
        Assert.NotEqual(Sm3.Hmac("k1"u8, "m"u8), Sm3.Hmac("k2"u8, "m"u8));
}
