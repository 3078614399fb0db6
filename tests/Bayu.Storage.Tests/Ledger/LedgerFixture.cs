using System.Buffers.Binary;
using System.Text;
using Bayu.Crypto.Ledger;
using Bayu.Crypto.Sm;
using Bayu.Storage.Ledger;

namespace Bayu.Storage.Tests.Ledger;

/// <summary>A file-backed ledger in a temporary directory plus raw access to its bytes for tampering.</summary>
internal sealed class LedgerFixture : IDisposable
{
    // One key for all ledger tests: generating SM2 keys is not what these tests are about.
    public static readonly Sm2KeyPair Key = Sm2KeyPair.Generate();

    private readonly DirectoryInfo _dir = System.IO.Directory.CreateTempSubdirectory("bayu-ledger-");

    public LedgerFixture() => Time = new ManualTime(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public ManualTime Time { get; }

    public string Directory => _dir.FullName;

    public string EntriesPath => Path.Combine(Directory, "entries.bin");

    public string TreeHeadsPath => Path.Combine(Directory, "tree-heads.txt");

    /// <summary>Writes <paramref name="count"/> entries; signs a tree head after each one or only at the end.</summary>
    public void Build(int count, bool signEveryEntry = false)
    {
        using var store = new FileLedgerStore(Directory);
        var log = new TransparencyLog(store, new Sm3MerkleHasher(), Time);
        for (var i = 0; i < count; i++)
        {
            log.Append(Encoding.UTF8.GetBytes($"{{\"event\":\"read\",\"patient\":\"P{i:D4}\"}}"));
            Time.Advance(TimeSpan.FromSeconds(1));
            if (signEveryEntry)
            {
                log.SignTreeHead(Key.PrivateKey);
            }
        }
        if (!signEveryEntry)
        {
            log.SignTreeHead(Key.PrivateKey);
        }
    }

    public LedgerVerification Verify()
    {
        using var store = new FileLedgerStore(Directory);
        return LedgerVerifier.Verify(store, new Sm3MerkleHasher(), Key.PublicKey);
    }

    /// <summary>The byte ranges of each record in entries.bin.</summary>
    public List<(int Start, int Length)> Records()
    {
        var bytes = File.ReadAllBytes(EntriesPath);
        var records = new List<(int, int)>();
        var position = 0;
        while (position < bytes.Length)
        {
            var length = 20 + (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(position)) + 32;
            records.Add((position, length));
            position += length;
        }
        return records;
    }

    /// <summary>Rewrites entries.bin from the given record byte arrays.</summary>
    public void WriteRecords(IEnumerable<byte[]> records) => File.WriteAllBytes(EntriesPath, [.. records.SelectMany(r => r)]);

    public List<byte[]> RecordBytes()
    {
        var bytes = File.ReadAllBytes(EntriesPath);
        return [.. Records().Select(r => bytes.AsSpan(r.Start, r.Length).ToArray())];
    }

    public void Dispose() => _dir.Delete(recursive: true);
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
