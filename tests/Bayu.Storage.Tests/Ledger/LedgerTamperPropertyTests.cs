using System.Buffers.Binary;
using Bayu.Crypto.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace Bayu.Storage.Tests.Ledger;

public class LedgerTamperPropertyTests
{
    [Property(MaxTest = 60)]
    public void GivenAnyByteOfOneRecordFlipped_WhenVerified_ThenThatRecordIsNamed(PositiveInt sizeSeed, NonNegativeInt recordSeed, NonNegativeInt byteSeed, byte mask)
    {
        using var ledger = new LedgerFixture();
        var n = 1 + (sizeSeed.Get % 40);
        ledger.Build(n);
        var records = ledger.Records();
        var k = recordSeed.Get % n;
        var (start, length) = records[k];
        var bytes = File.ReadAllBytes(ledger.EntriesPath);
        bytes[start + (byteSeed.Get % length)] ^= mask == 0 ? (byte)1 : mask;
        File.WriteAllBytes(ledger.EntriesPath, bytes);

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(k, result.FirstBadIndex);
    }

    [Property(MaxTest = 60)]
    public void GivenOneRecordDeleted_WhenVerified_ThenItsPositionIsNamed(PositiveInt sizeSeed, NonNegativeInt recordSeed)
    {
        using var ledger = new LedgerFixture();
        var n = 1 + (sizeSeed.Get % 40);
        ledger.Build(n);
        var k = recordSeed.Get % n;
        var records = ledger.RecordBytes();
        records.RemoveAt(k);
        ledger.WriteRecords(records);

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(k, result.FirstBadIndex);
    }

    [Property(MaxTest = 60)]
    public void GivenTwoRecordsSwapped_WhenVerified_ThenTheEarlierPositionIsNamed(PositiveInt sizeSeed, NonNegativeInt firstSeed, PositiveInt distanceSeed)
    {
        using var ledger = new LedgerFixture();
        var n = 2 + (sizeSeed.Get % 40);
        ledger.Build(n);
        var k = firstSeed.Get % (n - 1);
        var j = k + 1 + (distanceSeed.Get % (n - 1 - k));
        var records = ledger.RecordBytes();
        (records[k], records[j]) = (records[j], records[k]);
        ledger.WriteRecords(records);

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(k, result.FirstBadIndex);
    }

    [Property(MaxTest = 60)]
    public void GivenACopiedRecordInserted_WhenVerified_ThenTheInsertedPositionIsNamed(PositiveInt sizeSeed, NonNegativeInt sourceSeed, NonNegativeInt targetSeed)
    {
        using var ledger = new LedgerFixture();
        var n = 1 + (sizeSeed.Get % 40);
        ledger.Build(n);
        var source = sourceSeed.Get % n;
        var k = targetSeed.Get % (n + 1);
        var records = ledger.RecordBytes();
        records.Insert(k, records[source]);
        ledger.WriteRecords(records);

        var result = ledger.Verify();

        // Inserting record k's twin right before it leaves position k genuine; the duplicate is then at k + 1.
        Assert.False(result.IsValid);
        Assert.Equal(source == k ? k + 1 : k, result.FirstBadIndex);
    }

    [Property(MaxTest = 30)]
    public void GivenAForgerWhoAlsoRecomputesTheStoredHash_WhenHeadsAreSignedPerEntry_ThenTheEditedEntryIsNamed(PositiveInt sizeSeed, NonNegativeInt recordSeed)
    {
        using var ledger = new LedgerFixture();
        var n = 1 + (sizeSeed.Get % 20);
        ledger.Build(n, signEveryEntry: true);
        var k = recordSeed.Get % n;
        var records = ledger.RecordBytes();
        records[k] = ForgeConsistently(records[k]);
        ledger.WriteRecords(records);

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(k, result.FirstBadIndex);
        Assert.Contains("signed tree head", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAForgerWhoAlsoRecomputesTheStoredHash_WhenOnlyTheFinalHeadIsSigned_ThenTheUnprotectedRangeStartIsNamed()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(10);
        var records = ledger.RecordBytes();
        records[6] = ForgeConsistently(records[6]);
        ledger.WriteRecords(records);

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(0, result.FirstBadIndex);
    }

    [Fact]
    public void GivenTheTailTruncated_WhenVerified_ThenTheFirstMissingIndexIsNamed()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(12);
        ledger.WriteRecords(ledger.RecordBytes().Take(9));

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Equal(9, result.FirstBadIndex);
    }

    [Fact]
    public void GivenARewrittenTreeHeadRoot_WhenVerified_ThenTheSignatureIsRefused()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(5);
        var line = File.ReadAllText(ledger.TreeHeadsPath).Split(' ');
        line[2] = new string('0', 64);
        File.WriteAllText(ledger.TreeHeadsPath, string.Join(' ', line));

        var result = ledger.Verify();

        Assert.False(result.IsValid);
        Assert.Contains("invalid signature", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnIntactLedger_WhenVerified_ThenValidWithCounts()
    {
        using var ledger = new LedgerFixture();
        ledger.Build(33, signEveryEntry: true);

        var result = ledger.Verify();

        Assert.True(result.IsValid, result.Problem);
        Assert.Null(result.FirstBadIndex);
        Assert.Equal(33, result.EntriesChecked);
        Assert.Equal(33, result.TreeHeadsChecked);
        Assert.Equal(0, result.UnsignedEntries);
    }

    [Fact]
    public void GivenAnEmptyLedger_WhenVerified_ThenValid() =>
        Assert.True(new LedgerFixture().Verify().IsValid);

    // Changes the payload and rewrites the stored leaf hash to match, as a forger with file access could.
    private static byte[] ForgeConsistently(byte[] record)
    {
        var copy = record.ToArray();
        copy[20] ^= 0x20;
        var entry = new LedgerEntry(
            BinaryPrimitives.ReadInt64BigEndian(copy.AsSpan(4)),
            DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(copy.AsSpan(12))),
            copy.AsSpan(20, copy.Length - 52).ToArray());
        entry.LeafHash(new Sm3MerkleHasher()).CopyTo(copy, copy.Length - 32);
        return copy;
    }
}
