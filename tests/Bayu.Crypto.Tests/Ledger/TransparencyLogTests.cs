using Bayu.Crypto.Ledger;
using Bayu.Crypto.Sm;
using Bayu.Crypto.Tests.Support;

namespace Bayu.Crypto.Tests.Ledger;

public class TransparencyLogTests
{
    // One key for all tests: generating SM2 keys is not what these tests are about.
    private static readonly Sm2KeyPair s_key = Sm2KeyPair.Generate();

    private readonly Sm3MerkleHasher _hasher = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public void GivenSignedHeads_WhenProvingInclusionAndConsistency_ThenProofsVerifyAgainstTheSignedRoots()
    {
        using var store = new MemoryLedgerStore();
        var log = new TransparencyLog(store, _hasher, _time);
        for (var i = 0; i < 5; i++)
        {
            log.Append([(byte)i]);
        }
        var first = log.SignTreeHead(s_key.PrivateKey);
        for (var i = 5; i < 13; i++)
        {
            log.Append([(byte)i]);
        }
        var second = log.SignTreeHead(s_key.PrivateKey);

        var inclusion = log.ProveInclusion(3, second.Head.TreeSize);
        var consistency = log.ProveConsistency(first.Head.TreeSize, second.Head.TreeSize);

        Assert.True(first.VerifySignature(s_key.PublicKey));
        Assert.True(inclusion.Verify(_hasher, second.Head.RootHash));
        Assert.Equal(new LedgerEntry(3, store.Read(3).Entry.Timestamp, [3]).LeafHash(_hasher), inclusion.LeafHash);
        Assert.True(consistency.Verify(_hasher, first.Head.RootHash, second.Head.RootHash));
        Assert.False(consistency.Verify(_hasher, second.Head.RootHash, first.Head.RootHash));
        Assert.True(LedgerVerifier.Verify(store, _hasher, s_key.PublicKey).IsValid);
    }

    [Fact]
    public void GivenOutOfRangeRequests_WhenProving_ThenRefused()
    {
        using var store = new MemoryLedgerStore();
        var log = new TransparencyLog(store, _hasher, _time);
        for (var i = 0; i < 3; i++)
        {
            log.Append([(byte)i]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveConsistency(2, 1));
    }

    [Fact]
    public void GivenATreeHead_WhenSigned_ThenTheSigningInputIsTheRfc9162TreeHeadDataEncoding()
    {
        var head = new TreeHead(0x0102, DateTimeOffset.FromUnixTimeMilliseconds(0x0A0B), new byte[32]);
        var input = head.SigningInput();
        Assert.Equal(8 + 8 + 1 + 32 + 2, input.Length);
        Assert.Equal("0000000000000A0B" + "0000000000000102" + "20", Convert.ToHexString(input.AsSpan(0, 17)));
        Assert.True(head.Sign(s_key.PrivateKey).VerifySignature(s_key.PublicKey));
        Assert.False(head.Sign(s_key.PrivateKey).VerifySignature(Sm2KeyPair.Generate().PublicKey));
    }
}
