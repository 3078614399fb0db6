using Bayu.Crypto.Ledger;
using Bayu.Storage.Ledger;

namespace Bayu.Storage.Tests.Ledger;

// Here, not in Bayu.Crypto.Tests: the file store lives in Bayu.Storage because Crypto does no I/O.
public class FileLedgerStoreTests
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
}
