using Bayu.Crypto.Ledger;
using Bayu.Crypto.Sm;

namespace Bayu.Crypto.Tests.Ledger;

public class TransparencyLogTests
{
    private readonly Sm3MerkleHasher _hasher = new();

    [Fact]
    public void GivenALog_WhenReopened_ThenSizeAndRootAreRestoredAndAppendsContinue()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(7);
        byte[] rootBefore;
        using (var store = new FileLedgerStore(ledger.Directory))
        {
            var log = new TransparencyLog(store, _hasher, ledger.Time);
            Assert.Equal(7, log.Size);
            rootBefore = log.CurrentTreeHead().RootHash;
            Assert.Equal(store.ReadTreeHeads()[^1].Head.RootHash, rootBefore);
            Assert.Equal(7, log.Append("eighth"u8).Index);
        }

        var result = ledger.Verify();
        Assert.True(result.IsValid, result.Problem);
        Assert.Equal(1, result.UnsignedEntries);
    }

    [Fact]
    public void GivenSignedHeads_WhenProvingInclusionAndConsistency_ThenProofsVerifyAgainstTheSignedRoots()
    {
        using var ledger = new LedgerFixture();
        using var store = new FileLedgerStore(ledger.Directory);
        var log = new TransparencyLog(store, _hasher, ledger.Time);
        for (var i = 0; i < 5; i++)
        {
            log.Append([(byte)i]);
        }
        var first = log.SignTreeHead(LedgerFixture.Key.PrivateKey);
        for (var i = 5; i < 13; i++)
        {
            log.Append([(byte)i]);
        }
        var second = log.SignTreeHead(LedgerFixture.Key.PrivateKey);

        var inclusion = log.ProveInclusion(3, second.Head.TreeSize);
        var consistency = log.ProveConsistency(first.Head.TreeSize, second.Head.TreeSize);

        Assert.True(first.VerifySignature(LedgerFixture.Key.PublicKey));
        Assert.True(inclusion.Verify(_hasher, second.Head.RootHash));
        Assert.Equal(new LedgerEntry(3, store.Read(3).Entry.Timestamp, [3]).LeafHash(_hasher), inclusion.LeafHash);
        Assert.True(consistency.Verify(_hasher, first.Head.RootHash, second.Head.RootHash));
        Assert.False(consistency.Verify(_hasher, second.Head.RootHash, first.Head.RootHash));
    }

    [Fact]
    public void GivenOutOfRangeRequests_WhenProving_ThenRefused()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(3);
        using var store = new FileLedgerStore(ledger.Directory);
        var log = new TransparencyLog(store, _hasher, ledger.Time);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveConsistency(2, 1));
    }

    [Fact]
    public void GivenAStore_WhenAnEntryIsAppendedOutOfOrder_ThenRefused()
    {
        using var ledger = new LedgerFixture();
        using var store = new FileLedgerStore(ledger.Directory);
        var entry = new LedgerEntry(5, DateTimeOffset.UnixEpoch, [1]);
        Assert.Throws<InvalidOperationException>(() => store.Append(new LedgerRecord(entry, entry.LeafHash(_hasher))));
    }

    [Fact]
    public void GivenATornTailFromACrash_WhenReopenedAndAppended_ThenTheTailIsDroppedAndTheLogVerifies()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(4);
        File.AppendAllText(ledger.EntriesPath, "partial");
        Assert.False(ledger.Verify().IsValid);

        using (var store = new FileLedgerStore(ledger.Directory))
        {
            var log = new TransparencyLog(store, _hasher, ledger.Time);
            Assert.Equal(4, log.Size);
            log.Append("after crash"u8);
            log.SignTreeHead(LedgerFixture.Key.PrivateKey);
        }

        Assert.True(ledger.Verify().IsValid);
    }

    [Fact]
    public void GivenATreeHead_WhenSigned_ThenTheSigningInputIsTheRfc9162TreeHeadDataEncoding()
    {
        var head = new TreeHead(0x0102, DateTimeOffset.FromUnixTimeMilliseconds(0x0A0B), new byte[32]);
        var input = head.SigningInput();
        Assert.Equal(8 + 8 + 1 + 32 + 2, input.Length);
        Assert.Equal("0000000000000A0B" + "0000000000000102" + "20", Convert.ToHexString(input.AsSpan(0, 17)));
        Assert.True(head.Sign(LedgerFixture.Key.PrivateKey).VerifySignature(LedgerFixture.Key.PublicKey));
        Assert.False(head.Sign(LedgerFixture.Key.PrivateKey).VerifySignature(Sm2KeyPair.Generate().PublicKey));
    }
}
